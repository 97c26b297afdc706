/**
 * Describes `value` without ever throwing: an Error by its message, a string as it is, anything else as JSON or
 * `String()`; a bigint, a cycle, a throwing `toString()` or a revoked Proxy included.
 *
 * @example
 * ```ts
 * import { describe } from "./describe.ts";
 *
 * describe(new Error("disk full")); // "disk full"
 * describe(1n); // "1"
 * ```
 */
export function describe(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message);
    return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return `a ${typeof value} that cannot be shown`;
    }
  }
}
