/**
 * Whether half the watchdog interval (`intervalUsec`, µs) has passed between `lastMs` and `nowMs` (monotonic ms),
 * as sd_watchdog_enabled(3) recommends and Python's systemd_watchdog checks (`>=`); never when the interval is 0.
 *
 * @example
 * ```ts
 * import { isNotifyDue } from "./due.ts";
 *
 * isNotifyDue(0, 2_500, 5_000_000); // true
 * isNotifyDue(0, 2_499, 5_000_000); // false
 * ```
 */
export function isNotifyDue(lastMs: number, nowMs: number, intervalUsec: number): boolean {
  return intervalUsec > 0 && (nowMs - lastMs) * 1000 >= intervalUsec / 2;
}
