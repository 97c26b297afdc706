import { refused } from "./error.ts";

/** The longest delay a JavaScript timer takes (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 0x7fffffff;

/**
 * Returns `value` (or `fallback` when it is `undefined`) if it is an integer in `[min, max]`; throws `EINVAL`
 * otherwise, naming the option.
 * @param context What was being done, for the message: `"Cannot send notification"`.
 *
 * @example
 * ```ts
 * import { integerOption } from "./numeric_option.ts";
 *
 * const timeoutMs = integerOption("Cannot wait", "timeoutMs", undefined, 5000, 0, 60_000); // 5000
 * ```
 */
export function integerOption(
  context: string,
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw refused(context, `${name} is ${describe(value)}; pass an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * A timeout in milliseconds that a timer can wait: 0 to {@linkcode MAX_TIMER_MS}.
 *
 * @example
 * ```ts
 * import { timeoutOption } from "./numeric_option.ts";
 *
 * timeoutOption("Cannot reload", "timeoutMs", undefined, 85000); // 85000
 * ```
 */
export function timeoutOption(context: string, name: string, value: number | undefined, fallback: number): number {
  return integerOption(context, name, value, fallback, 0, MAX_TIMER_MS);
}

function describe(value: unknown): string {
  return typeof value === "number" ? String(value) : `${typeof value} ${String(value)}`;
}
