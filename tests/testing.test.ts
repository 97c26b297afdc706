import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { sdNotify, watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf } from "./support/errors.ts";

describe("FakeNotifySocket (@x/systemd-watchdog/testing)", () => {
  for (const abstract of [false, true]) {
    it(`collects parsed messages on ${abstract ? "an abstract name" : "a path"}`, async () => {
      await using fake = await FakeNotifySocket.open({ abstract });
      assert.equal(fake.address[0], abstract ? "@" : "/");
      assert.deepEqual(fake.env, { NOTIFY_SOCKET: fake.address });
      sdNotify({ READY: true, STATUS: "a=b" }, { env: fake.env });
      sdNotify("WATCHDOG=1", { env: fake.env });
      assert.deepEqual(fake.messages, [{ READY: "1", STATUS: "a=b" }, { WATCHDOG: "1" }]);
      assert.deepEqual(fake.datagrams, ["READY=1\nSTATUS=a=b", "WATCHDOG=1"]);
    });
  }

  it("waitFor() finds a message already received, or one still to come", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    wd.status("early");
    assert.deepEqual(await fake.waitFor((m) => m.STATUS === "early"), { STATUS: "early" });
    setTimeout(() => wd.ready(), 20);
    assert.deepEqual(await fake.waitFor((m) => m.READY === "1"), { READY: "1" });
  });

  it("takes the first value of a repeated key, as systemd does (strv_find_startswith)", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    sdNotify("STATUS=first\nX_APP=1\nSTATUS=second", { env: fake.env });
    assert.deepEqual(fake.messages, [{ STATUS: "first", X_APP: "1" }]);
  });

  it("messages and datagrams are copies as of the read: a later datagram does not change what was read", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    sdNotify("READY=1", { env: fake.env });
    const first = fake.datagrams;
    sdNotify("STATUS=later", { env: fake.env });
    assert.deepEqual(first, ["READY=1"]);
    assert.deepEqual(fake.datagrams, ["READY=1", "STATUS=later"]);
  });

  it("waitFor() rejects with ETIMEDOUT", async () => {
    await using fake = await FakeNotifySocket.open();
    await assert.rejects(fake.waitFor(() => true, { timeoutMs: 20 }), { name: "NotifyError", code: "ETIMEDOUT" });
  });

  it("binds its path in TMPDIR when set, else in /tmp", async () => {
    const directory = mkdtempSync(join(tmpdir(), "sdw-tmpdir-"));
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = directory + "/";
      await using inTmpdir = await FakeNotifySocket.open();
      assert.equal(dirname(inTmpdir.address), directory);
      assert.ok(existsSync(inTmpdir.address));
      delete process.env.TMPDIR;
      await using inTmp = await FakeNotifySocket.open();
      assert.equal(dirname(inTmp.address), "/tmp");
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("keeps what it received after close, and removes its path", async () => {
    const fake = await FakeNotifySocket.open();
    sdNotify("READY=1", { env: fake.env });
    fake.close();
    assert.equal(existsSync(fake.address), false);
    assert.deepEqual(fake.messages, [{ READY: "1" }]);
    assert.equal(codeOf(() => sdNotify("READY=1", { env: fake.env })), "ENOENT");
  });
});
