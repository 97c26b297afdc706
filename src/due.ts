/**
 * When the next keep-alive ping is due.
 *
 * @module
 */

/**
 * Whether half the watchdog interval has passed since the last ping, as
 * sd_watchdog_enabled(3) recommends and Python's systemd_watchdog checks
 * (`>=`). Never due when the interval is 0 (watchdog off).
 *
 * @param lastMs Monotonic time of the last ping, in ms.
 * @param nowMs Monotonic time now, in ms.
 * @param intervalUsec The watchdog interval, in µs.
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
