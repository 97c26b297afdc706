/**
 * When the next keep-alive ping is due.
 *
 * @module
 */

/**
 * Whether more than half the watchdog interval has passed since the last
 * ping, as sd_watchdog_enabled(3) recommends. Never due when the interval is 0
 * (watchdog off).
 *
 * @param lastMs Monotonic time of the last ping (or of start), in ms.
 * @param nowMs Monotonic time now, in ms.
 * @param intervalUsec The watchdog interval, in µs.
 *
 * @example
 * ```ts
 * import { isNotifyDue } from "@x/systemd-watchdog";
 *
 * isNotifyDue(0, 2_501, 5_000_000); // true
 * isNotifyDue(0, 2_500, 5_000_000); // false
 * ```
 */
export function isNotifyDue(lastMs: number, nowMs: number, intervalUsec: number): boolean {
  return intervalUsec > 0 && (nowMs - lastMs) * 1000 > intervalUsec / 2;
}
