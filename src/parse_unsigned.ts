/**
 * A model of libsystemd's `safe_atou64()` (and so of `strtoull()` with base 0
 * after libsystemd's own prefix handling), so that the environment is read
 * exactly as `sd_watchdog_enabled(3)` reads it.
 *
 * @module
 */

/** The result of {@linkcode parseUnsigned}: a value, or the errno libsystemd would return. */
export type ParsedUnsigned = { value: bigint } | { error: "EINVAL" | "ERANGE" };

const U64_LIMIT = 1n << 64n;
/** What libsystemd skips itself before calling strtoull: WHITESPACE = " \t\n\r". */
const SYSTEMD_WHITESPACE = " \t\n\r";
/** What strtoull skips: isspace() in the C locale. */
const C_SPACE = " \t\n\v\f\r";

function digitValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

function skip(text: string, from: number, set: string): number {
  while (from < text.length && set.includes(text[from])) from++;
  return from;
}

/**
 * Parses an unsigned 64-bit integer the way libsystemd's `safe_atou64()` does:
 * leading white space, an optional sign, `0x`/`0o`/`0b` prefixes and a C octal
 * leading `0` are accepted; trailing characters are not. A negative non-zero
 * value is `ERANGE`, as is overflow.
 *
 * @example
 * ```ts
 * import { parseUnsigned } from "./parse_unsigned.ts";
 *
 * parseUnsigned("0x10"); // { value: 16n }
 * parseUnsigned("5 ");   // { error: "EINVAL" }
 * ```
 */
export function parseUnsigned(input: string): ParsedUnsigned {
  let text = input.slice(skip(input, 0, SYSTEMD_WHITESPACE));
  let base = 0;
  if (/^0[bB]/.test(text)) [base, text] = [2, text.slice(2)];
  else if (/^0[oO]/.test(text)) [base, text] = [8, text.slice(2)];

  // From here on, strtoull(text, &end, base).
  let at = skip(text, 0, C_SPACE);
  const negative = text[at] === "-";
  if (text[at] === "+" || text[at] === "-") at++;
  if (base === 0) {
    if (text[at] === "0" && /[xX]/.test(text[at + 1] ?? "") && digitValue(text[at + 2] ?? "") < 16) {
      base = 16;
      at += 2;
    } else {
      base = text[at] === "0" ? 8 : 10;
    }
  }
  const start = at;
  let value = 0n;
  let overflow = false;
  while (at < text.length && digitValue(text[at]) < base) {
    value = value * BigInt(base) + BigInt(digitValue(text[at]));
    if (value >= U64_LIMIT) overflow = true;
    at++;
  }
  if (overflow) return { error: "ERANGE" };
  if (at === start || at !== text.length) return { error: "EINVAL" };
  if (negative) value = (U64_LIMIT - value) % U64_LIMIT;
  if (value !== 0n && text[0] === "-") return { error: "ERANGE" };
  return { value };
}
