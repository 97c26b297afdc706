import { loadLibc, runtime } from "../ffi/runtime.ts";
import { NotifyError } from "./error.ts";
import { errnoName } from "./errno.ts";
import type { Libc } from "./libc.ts";
import { CLOCK_MONOTONIC, TIMESPEC } from "./linux.ts";

const timespec = new Uint8Array(TIMESPEC.size);
const view = new DataView(timespec.buffer);

function readClock(libc: Libc): void {
  if (libc.clockGettime(CLOCK_MONOTONIC, timespec) !== 0) {
    const code = errnoName(libc.errno());
    throw new NotifyError(code, `Cannot read CLOCK_MONOTONIC: clock_gettime() failed with ${code}`);
  }
}

/**
 * Reads CLOCK_MONOTONIC, the clock systemd compares `MONOTONIC_USEC=` with, in microseconds (a vDSO call, no system
 * call). `performance.now()` cannot stand in: its origin is the process start.
 *
 * @example
 * ```ts
 * import { monotonicUsec } from "@x/systemd-watchdog";
 *
 * const now = monotonicUsec(); // e.g. 123456789n
 * ```
 */
export function monotonicUsec(): bigint {
  readClock(loadLibc());
  return view.getBigInt64(TIMESPEC.sec, true) * 1_000_000n + view.getBigInt64(TIMESPEC.nsec, true) / 1000n;
}

/**
 * A monotonic clock in milliseconds, for due-time checks on a hot path: the cheaper of CLOCK_MONOTONIC through FFI
 * (Deno; opens libc now) and `performance.now()` (Bun, Node.js); see `Runtime.ffiClockIsFaster`. Only differences
 * between its readings mean anything.
 *
 * @example
 * ```ts
 * import { monotonicMsClock } from "./monotonic.ts";
 *
 * const now = monotonicMsClock();
 * const start = now();
 * ```
 */
export function monotonicMsClock(): () => number {
  if (!runtime.ffiClockIsFaster) return () => performance.now();
  const libc = loadLibc();
  return () => {
    readClock(libc);
    // Seconds since boot fit in 32 bits for 136 years; nanoseconds always do.
    return view.getUint32(TIMESPEC.sec, true) * 1000 + view.getUint32(TIMESPEC.nsec, true) / 1e6;
  };
}
