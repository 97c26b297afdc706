import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type Watchdog, watchdog } from "../mod.ts";
import { errnoName } from "../src/errno.ts";
import { collectErrors } from "./support/errors.ts";
import { uniqueAddress } from "./support/receiver.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

describe("a Watchdog that cannot deliver", () => {
  const unreachable: [string, string, string][] = [
    ["a path with no socket", uniqueAddress("path"), "ENOENT"],
    ["an abstract name nobody bound", uniqueAddress("abstract"), "ECONNREFUSED"],
    ["a relative path", "relative.sock", "EINVAL"],
    ["a vsock address", "vsock:2:1234", "EAFNOSUPPORT"],
  ];
  for (const [what, address, code] of unreachable) {
    it(`returns false from every method and hands ${code} to onError: NOTIFY_SOCKET is ${what}`, async () => {
      const { onError, codes } = collectErrors();
      using wd = watchdog({ env: { NOTIFY_SOCKET: address, WATCHDOG_USEC: "1000000" }, onError });
      const calls = [
        () => wd.ready(),
        () => wd.status("serving"),
        () => wd.notify(),
        () => wd.notifyError("failed"),
        () => wd.reloading(),
        () => wd.stopping(),
        () => wd.extendTimeout(1_000_000),
        () => wd.setWatchdogInterval(2_000_000),
        () => wd.errno(5),
        () => wd.send({ X_APP: 1 }),
      ];
      for (const call of calls) assert.equal(call(), false);
      assert.equal(await wd.barrier(), false);
      await wd.flush(); // nothing queued: resolves at once
      assert.ok(codes().length >= calls.length, codes().join());
      assert.ok(codes().every((c) => c === code), codes().join());
      assert.equal(wd.timeout, 1_000_000, "an interval that was not delivered is not taken");
    });
  }

  it("by default writes one line per error code to stderr, again only after a notification got through; once after close()", async () => {
    const script = fileURLToPath(new URL("./support/report_errors.ts", import.meta.url));
    const address = uniqueAddress("path");
    const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script], {
      NOTIFY_SOCKET: address,
    });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "0000000000" + "1" + "000" + "00", "what each send returned");
    const lines = stderr.trim().split("\n");
    assert.equal(lines.length, 3, stderr);
    for (const line of lines.slice(0, 2)) {
      assert.match(line, /^@x\/systemd-watchdog: Cannot send notification to NOTIFY_SOCKET=.*ENOENT/);
      assert.match(line, /\[ENOENT; repeats are not shown until a notification gets through\]$/);
    }
    assert.match(lines[2], /^@x\/systemd-watchdog: Cannot send notification: this Watchdog was closed; .* \[EBADF\]$/);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  });

  it("an onError that sends through the same Watchdog is called once, not again from within itself", () => {
    let calls = 0;
    const wd: Watchdog = watchdog({
      env: { NOTIFY_SOCKET: uniqueAddress("abstract") },
      onError: () => {
        calls++;
        wd.status("the manager is unreachable"); // fails too: that failure goes to stderr
      },
    });
    assert.equal(wd.ready(), false);
    assert.equal(calls, 1);
    wd.close();
  });

  it("returns false, and does not throw, when onError throws something with no string form", () => {
    const unprintable = Object.create(null); // String() of it throws
    using wd = watchdog({
      env: { NOTIFY_SOCKET: uniqueAddress("abstract") },
      onError: () => {
        throw unprintable;
      },
    });
    assert.equal(wd.ready(), false);
  });

  it("notifyError(msg) returns false, not EBADF, when onError closed the Watchdog as the status failed", () => {
    const wd: Watchdog = watchdog({ env: { NOTIFY_SOCKET: uniqueAddress("abstract") }, onError: () => wd.close() });
    assert.equal(wd.notifyError("disk on fire"), false);
  });

  it("an async onError that rejects is no unhandled rejection", async () => {
    let called = 0;
    using wd = watchdog({
      env: { NOTIFY_SOCKET: uniqueAddress("abstract") },
      onError: async () => {
        called++;
        await Promise.resolve();
        throw new Error("async handler bug");
      },
    });
    assert.equal(wd.ready(), false);
    await new Promise((resolve) => setTimeout(resolve, 20)); // an unhandled rejection would fail this test
    assert.equal(called, 1);
  });

  it("returns false, and does not throw, when onError itself throws", () => {
    using wd = watchdog({
      env: { NOTIFY_SOCKET: uniqueAddress("abstract") },
      onError: () => {
        throw new Error("handler bug");
      },
    });
    assert.equal(wd.ready(), false);
  });
});

describe("errno names", () => {
  it("names ETOOMANYREFS, the error of a message whose descriptors the kernel refuses", () => {
    assert.equal(errnoName(109), "ETOOMANYREFS");
  });
});
