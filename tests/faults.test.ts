import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { sdNotify, sdWatchdogEnabled, watchdog } from "../mod.ts";
import { skipUnless } from "./support/ci.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

const canDropPrivileges = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;

describe("transport faults", () => {
  it("EACCES: a socket file this process may not write", {
    skip: skipUnless(canDropPrivileges, "needs root and setpriv(1) to run a sender without privileges"),
  }, async () => {
    using receiver = new Receiver();
    chownSync(receiver.address, 65534, 65534); // nobody's socket, writable by nobody else
    chmodSync(receiver.address, 0o600);
    const script = fileURLToPath(new URL("./support/send_and_report.ts", import.meta.url));
    // Still uid 0, but with no capabilities: file permissions apply as to any other user.
    const { stdout, stderr } = await run(
      "setpriv",
      ["--bounding-set=-all", "--inh-caps=-all", "--", runtimeExecutable, ...runScriptArgs, script],
      receiver.env,
    );
    assert.equal(stdout.trim(), "EACCES", stderr);
    assert.deepEqual(receiver.drain(), []);
  });

  it("a receiver restarted at the same path gets the next message, on the same Watchdog", () => {
    const address = uniqueAddress("path");
    using wd = watchdog({ env: { NOTIFY_SOCKET: address } });
    const first = new Receiver(address);
    wd.status("before");
    first.close();
    using second = new Receiver(address);
    wd.status("after");
    assert.deepEqual(second.drain(), ["STATUS=after"]);
  });

  it("a failed send leaves the Watchdog usable: ENOENT, then the receiver appears", () => {
    const address = uniqueAddress("path");
    const { onError, codes } = collectErrors();
    using wd = watchdog({ env: { NOTIFY_SOCKET: address }, onError });
    assert.equal(wd.ready(), false);
    assert.deepEqual(codes(), ["ENOENT"]);
    using receiver = new Receiver(address);
    assert.equal(wd.ready(), true);
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });

  const notSockets: [string, (dir: string) => string][] = [
    ["a directory", (dir) => dir],
    ["a regular file", (dir) => (writeFileSync(join(dir, "file"), ""), join(dir, "file"))],
  ];
  for (const [what, make] of notSockets) {
    it(`ECONNREFUSED: NOTIFY_SOCKET names ${what}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "sdw-"));
      try {
        const error = codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: make(dir) } }));
        assert.equal(error, "ECONNREFUSED");
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }

  it("wd.barrier() without a descriptor left for its pipe resolves false and tells onError EMFILE", async () => {
    using receiver = new Receiver();
    const script = fileURLToPath(new URL("./support/barrier_without_descriptors.ts", import.meta.url));
    const { stdout, stderr } = await run(
      "prlimit",
      ["--nofile=256", "--", runtimeExecutable, ...runScriptArgs, script],
      receiver.env,
    );
    assert.equal(stdout.trim(), "false EMFILE", stderr);
    assert.deepEqual(receiver.drain(), ["STATUS=before the barrier"]);
  });

  it("two Watchdog objects interleave their sends, and each one's messages all arrive, in order", async () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using a = watchdog({ env: receiver.env });
    using b = watchdog({ env: receiver.env });
    const received: string[] = [];
    await Promise.all([a, b].map(async (wd, n) => {
      for (let i = 0; i < 50; i++) {
        wd.status(`${n}:${i}`);
        received.push(...receiver.drain());
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }));
    received.push(...receiver.drain());
    for (const n of [0, 1]) {
      const mine = received.filter((m) => m.startsWith(`STATUS=${n}:`));
      assert.deepEqual(mine, Array.from({ length: 50 }, (_, i) => `STATUS=${n}:${i}`));
    }
  });
});

describe("hostile environment", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["a thousand-digit WATCHDOG_USEC", { WATCHDOG_USEC: "9".repeat(1000) }, "ERANGE"],
    ["a binary WATCHDOG_USEC", { WATCHDOG_USEC: "\x01\x02\x7f" }, "EINVAL"],
    ["a WATCHDOG_USEC with a NUL", { WATCHDOG_USEC: "5\u00000" }, "EINVAL"],
    ["a huge WATCHDOG_PID", { WATCHDOG_USEC: "1", WATCHDOG_PID: "9".repeat(100) }, "ERANGE"],
  ];
  for (const [what, env, code] of cases) {
    it(`sdWatchdogEnabled refuses ${what} with ${code}; a Watchdog is simply not enabled`, () => {
      assert.equal(codeOf(() => sdWatchdogEnabled({ env })), code);
      const wd = watchdog({ env: { ...env, NOTIFY_SOCKET: "@x" } });
      assert.equal(wd.isEnabled, false);
      assert.equal(wd.timeout, 0);
    });
  }

  it("refuses a 10,000-character NOTIFY_SOCKET path with ENAMETOOLONG (as libsystemd), without sending", () => {
    assert.equal(
      codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: "/" + "a".repeat(10_000) } })),
      "ENAMETOOLONG",
    );
    assert.equal(codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: "@" + "a".repeat(10_000) } })), "EINVAL");
  });
});
