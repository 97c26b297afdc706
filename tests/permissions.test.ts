import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openLibc } from "../ffi/libc_symbols.ts";
import type { Ffi } from "../ffi/types.ts";
import { notifyErrorOf } from "./support/errors.ts";
import { uniqueAddress } from "./support/receiver.ts";
import { run } from "./support/spawn.ts";

// Deno's permission model, tested from either runner through the repo's own Deno binary.
const deno = fileURLToPath(new URL("../node_modules/.bin/deno", import.meta.url));
const script = fileURLToPath(new URL("./support/notify_once.ts", import.meta.url));

describe("Deno permissions", () => {
  it("runs without --allow-ffi when not under systemd, and sends nothing", async () => {
    const { code, stdout, stderr } = await run(deno, ["run", "--allow-env", script], { NOTIFY_SOCKET: undefined });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "created\nfalse");
  });

  it("says to add --allow-ffi when NOTIFY_SOCKET is set, as watchdog() creates the Watchdog: at start-up", async () => {
    const { code, stdout, stderr } = await run(deno, ["run", "--allow-env", script], {
      NOTIFY_SOCKET: uniqueAddress("abstract"),
    });
    assert.notEqual(code, 0);
    assert.equal(stdout, "", "watchdog() threw: no Watchdog was created to fail later");
    assert.match(stderr, /NotifyError: Cannot send notification: Deno needs FFI access .* run with --allow-ffi/);
    assert.doesNotMatch(stderr, /ext:deno_ffi/, "no stack from inside Deno's FFI layer");
  });

  it("sdBooted() and the descriptor checks need --allow-ffi alone, and say so for what they were asked", async () => {
    const checks = fileURLToPath(new URL("./support/booted_and_checks.ts", import.meta.url));
    const allowed = await run(deno, ["run", "--allow-ffi", checks]);
    assert.equal(allowed.code, 0, allowed.stderr);
    // The answer itself is compared with libsystemd's in tests/descriptor_checks.test.ts.
    assert.equal(allowed.stdout.trim(), `booted: ${existsSync("/run/systemd/system/")}\nstdin checked`);
    const refused = await run(deno, ["run", checks]);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /Cannot tell whether systemd booted this system: Deno needs FFI access .* run with --allow-ffi$/m,
    );
  });

  it("says to add --allow-env when the environment cannot be read", async () => {
    const { code, stderr } = await run(deno, ["run", script], { NOTIFY_SOCKET: uniqueAddress("abstract") });
    assert.notEqual(code, 0);
    assert.match(stderr, /NotifyError: Cannot read NOTIFY_SOCKET: .* run with --allow-env/);
  });
});

describe("an unsupported platform", () => {
  it("is refused with ENOSYS when libc is opened, naming what is supported", () => {
    const darwin: Ffi = {
      os: "darwin",
      arch: "aarch64",
      open: () => assert.fail("nothing may be opened"),
      readInt32: () => 0,
      addressOf: () => 0n,
      pointerTo: () => 0n,
    };
    const error = notifyErrorOf(() => openLibc(darwin));
    assert.equal(error.code, "ENOSYS");
    assert.match(error.message, /darwin\/aarch64 is not supported; sd_notify needs Linux on x86_64 or aarch64/);
  });
});
