import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sdNotify, sdNotifyBarrier, sdNotifyWithFds, watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf } from "./support/errors.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

describe("sdNotifyBarrier", () => {
  it("passes only once the receiver has taken the message, with the pipe's write end in it", async () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    sdNotify("READY=1", { env: receiver.env });
    const barrier = sdNotifyBarrier({ env: receiver.env });
    // Our copy of the write end is closed; the one in flight keeps the pipe open until it is received.
    assert.equal(await settled(barrier), false);
    assert.deepEqual(receiver.drain(), ["READY=1", "BARRIER=1"]); // reading closes the received copy
    assert.equal(await barrier, true);
  });

  it("fails with ETIMEDOUT when nothing receives", async () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    const barrier = sdNotifyBarrier({ env: receiver.env, timeoutMs: 40 });
    await assert.rejects(barrier, { name: "NotifyError", code: "ETIMEDOUT" });
  });

  it("passes against a FakeNotifySocket, which reads in the background as systemd does", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    sdNotify("READY=1", { env: fake.env });
    assert.equal(await sdNotifyBarrier({ env: fake.env, timeoutMs: 5000 }), true);
    assert.deepEqual(fake.messages, [{ READY: "1" }, { BARRIER: "1" }]);
  });

  it("returns false without NOTIFY_SOCKET", async () => {
    assert.equal(await sdNotifyBarrier({ env: {} }), false);
  });

  it("works on a Watchdog too", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    wd.status("before the barrier");
    const barrier = wd.barrier();
    await fake.waitFor((m) => m.BARRIER === "1");
    assert.equal(await barrier, true);
    assert.equal(await watchdog({ env: {} }).barrier(), false);
  });
});

describe("sdNotifyWithFds", () => {
  it("refuses what is not a file descriptor, and more than 253", () => {
    for (const fd of [-1, 1.5, Number.NaN, 2 ** 31]) {
      assert.equal(codeOf(() => sdNotifyWithFds("FDSTORE=1", [fd], { env: {} })), "EINVAL");
    }
    assert.equal(
      codeOf(() => sdNotifyWithFds("FDSTORE=1", Array(254).fill(0), { env: { NOTIFY_SOCKET: "@x" } })),
      "E2BIG",
    );
  });

  it("validates FDNAME as systemd's fdname_is_valid() does", () => {
    assert.equal(codeOf(() => sdNotifyWithFds({ FDSTORE: true, FDNAME: "a:b" }, [0], { env: {} })), "EINVAL");
    assert.equal(codeOf(() => sdNotifyWithFds({ FDSTORE: true, FDNAME: "x".repeat(256) }, [0], { env: {} })), "EINVAL");
    assert.equal(codeOf(() => sdNotifyWithFds({ FDSTORE: true, FDNAME: "é" }, [0], { env: {} })), "EINVAL");
    assert.equal(sdNotifyWithFds({ FDSTORE: true, FDNAME: "http-8080" }, [0], { env: {} }), false);
  });
});
