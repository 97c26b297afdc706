/**
 * The reference implementation, libsystemd.so.0, loaded through the package's
 * own FFI so that tests can compare its answers with ours.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ffi } from "../../ffi/load.ts";
import { errnoName } from "../../src/errno.ts";
import { readWatchdogEnvironment, sdWatchdogEnabled } from "../../src/watchdog_enabled.ts";
import { codeOf } from "./errors.ts";

const encoder = new TextEncoder();
const cString = (text: string) => encoder.encode(text + "\0");

/** Whether libsystemd.so.0 can be loaded on this machine. */
export function hasLibsystemd(): boolean {
  try {
    open();
    return true;
  } catch {
    return false;
  }
}

let opened: ReturnType<typeof load> | undefined;

function load() {
  const sd = ffi.open(
    ["libsystemd.so.0"],
    {
      sd_watchdog_enabled: { parameters: ["i32", "buffer"], result: "i32" },
      sd_notify: { parameters: ["i32", "buffer"], result: "i32" },
      sd_listen_fds: { parameters: ["i32"], result: "i32" },
    } as const,
  );
  const libc = ffi.open(
    ["libc.so.6"],
    {
      setenv: { parameters: ["buffer", "buffer", "i32"], result: "i32" },
      unsetenv: { parameters: ["buffer"], result: "i32" },
    } as const,
  );
  return { sd, libc };
}

function open() {
  return opened ??= load();
}

/** Sets (or, with `undefined`, unsets) a variable in the C environment libsystemd reads. */
export function setCEnv(name: string, value: string | undefined): void {
  const { libc } = open();
  if (value === undefined) libc.unsetenv(cString(name));
  else libc.setenv(cString(name), cString(value), 1);
}

/** libsystemd's sd_watchdog_enabled(0, &usec): its return value and the interval. */
export function referenceWatchdogEnabled(): { result: number; usec: bigint } {
  const usec = new BigUint64Array(1);
  const result = open().sd.sd_watchdog_enabled(0, new Uint8Array(usec.buffer));
  return { result, usec: usec[0] };
}

/** libsystemd's sd_notify(0, state): its return value. */
export function referenceNotify(state: string): number {
  return open().sd.sd_notify(0, cString(state));
}

/**
 * Asserts that this package reads WATCHDOG_USEC and WATCHDOG_PID (`undefined`: unset) exactly as
 * libsystemd's sd_watchdog_enabled() does: the same interval, or the same errno.
 */
export function assertSameAsLibsystemd(usec: string, pid: string | undefined): void {
  setCEnv("WATCHDOG_USEC", usec);
  setCEnv("WATCHDOG_PID", pid);
  const reference = referenceWatchdogEnabled();
  const env = { WATCHDOG_USEC: usec, WATCHDOG_PID: pid };
  const label = JSON.stringify(env);
  if (reference.result < 0) {
    assert.equal(codeOf(() => sdWatchdogEnabled({ env })), errnoName(-reference.result), label);
  } else {
    const expected = reference.result === 1 ? reference.usec : 0n;
    const state = readWatchdogEnvironment({ env });
    assert.equal(state.enabled ? state.usec : 0n, expected, label);
  }
}

/** libsystemd's sd_listen_fds(0): the count, or a negative errno. */
export function referenceListenFds(): number {
  return open().sd.sd_listen_fds(0);
}
