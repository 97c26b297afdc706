/**
 * CLOCK_MONOTONIC, the clock systemd compares `MONOTONIC_USEC` with.
 *
 * @module
 */

import { loadLibc } from "../ffi/load.ts";
import { NotifyError } from "./error.ts";
import { errnoName } from "./errno.ts";
import { CLOCK_MONOTONIC, TIMESPEC } from "./linux.ts";

const timespec = new Uint8Array(TIMESPEC.size);
const view = new DataView(timespec.buffer);

/**
 * Reads CLOCK_MONOTONIC in microseconds through `clock_gettime(2)`.
 * `performance.now()` cannot stand in: its origin is the process start.
 *
 * @example
 * ```ts
 * import { monotonicUsec } from "@x/systemd-watchdog";
 *
 * const now = monotonicUsec(); // e.g. 123456789n
 * ```
 */
export function monotonicUsec(): bigint {
  const libc = loadLibc();
  if (libc.clockGettime(CLOCK_MONOTONIC, timespec) !== 0) {
    const code = errnoName(libc.errno());
    throw new NotifyError(code, `Cannot read CLOCK_MONOTONIC: clock_gettime() failed with ${code}`);
  }
  return view.getBigInt64(TIMESPEC.sec, true) * 1_000_000n + view.getBigInt64(TIMESPEC.nsec, true) / 1000n;
}
