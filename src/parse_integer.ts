// Models of libsystemd's safe_atou64() and safe_atoi() (strtoull()/strtol() with base 0, after libsystemd's own
// prefix handling), so that the environment is read exactly as sd_watchdog_enabled(3) and sd_listen_fds(3) read it.

import { INT_MAX, UINT64_MAX } from "./linux.ts";

/** A parsed integer, or the errno libsystemd would return. */
export type ParsedInteger = { value: bigint } | { error: "EINVAL" | "ERANGE" };

const U64_LIMIT = UINT64_MAX + 1n;
const INT_LIMIT = BigInt(INT_MAX) + 1n; // 2^31
const LONG_LIMIT = 1n << 63n;

/** The digits of each base, and the prefix BigInt() reads them with. */
const DIGITS: Record<number, [RegExp, string]> = {
  2: [/^[01]+/, "0b"],
  8: [/^[0-7]+/, "0o"],
  10: [/^[0-9]+/, ""],
  16: [/^[0-9a-fA-F]+/, "0x"],
};

/** safe_atoi() (`signed`) or safe_atou64(): libsystemd's own prefix handling, then strtol()/strtoull() with base 0. */
function parse(input: string, signed: boolean): ParsedInteger {
  // libsystemd skips its WHITESPACE (" \t\n\r"), then mangle_base() takes a 0b or 0o prefix.
  let text = input.replace(/^[ \t\n\r]+/, "");
  let base = /^0[bB]/.test(text) ? 2 : /^0[oO]/.test(text) ? 8 : 0;
  if (base !== 0) text = text.slice(2);
  // strto*l(): isspace() in the C locale, a sign, then with base 0 a 0x prefix or a C octal 0, and digits.
  let at = /^[ \t\n\v\f\r]*/.exec(text)![0].length;
  const negative = text[at] === "-";
  if (negative || text[at] === "+") at++;
  if (base === 0) {
    if (/^0[xX][0-9a-fA-F]/.test(text.slice(at))) [base, at] = [16, at + 2];
    else base = text[at] === "0" ? 8 : 10;
  }
  const [digitsOf, prefix] = DIGITS[base];
  const digits = digitsOf.exec(text.slice(at))?.[0];
  if (digits === undefined) return { error: "EINVAL" };
  const magnitude = BigInt(prefix + digits);
  // strto*l() reports overflow before libsystemd looks at what follows the digits.
  if (magnitude > (signed ? (negative ? LONG_LIMIT : LONG_LIMIT - 1n) : UINT64_MAX)) return { error: "ERANGE" };
  if (at + digits.length !== text.length) return { error: "EINVAL" };
  if (signed) {
    const value = negative ? -magnitude : magnitude;
    return value < -INT_LIMIT || value >= INT_LIMIT ? { error: "ERANGE" } : { value };
  }
  const value = negative ? (U64_LIMIT - magnitude) % U64_LIMIT : magnitude; // strtoull() negates in 64 bits
  // safe_atou64() refuses a negative number, looking at the text it gave strtoull().
  return value !== 0n && text[0] === "-" ? { error: "ERANGE" } : { value };
}

/**
 * Parses an unsigned 64-bit integer the way libsystemd's `safe_atou64()` does: leading white space, an optional sign,
 * `0x`/`0o`/`0b` prefixes and a C octal leading `0` are accepted; trailing characters are not. A negative non-zero
 * value is `ERANGE`, as is overflow.
 *
 * @example
 * ```ts
 * import { parseUnsigned } from "./parse_integer.ts";
 *
 * parseUnsigned("0x10"); // { value: 16n }
 * parseUnsigned("5 ");   // { error: "EINVAL" }
 * ```
 */
export function parseUnsigned(input: string): ParsedInteger {
  return parse(input, false);
}

/**
 * Parses a C `int` the way libsystemd's `safe_atoi()` does: as
 * {@linkcode parseUnsigned}, but signed, and `ERANGE` outside 32 bits.
 *
 * @example
 * ```ts
 * import { parseInt32 } from "./parse_integer.ts";
 *
 * parseInt32("-0x10"); // { value: -16n }
 * ```
 */
export function parseInt32(input: string): ParsedInteger {
  return parse(input, true);
}

/**
 * Parses a process id the way libsystemd's `parse_pid()` does: as
 * {@linkcode parseUnsigned}, then `ERANGE` for 0 or anything past 2^31-1.
 *
 * @example
 * ```ts
 * import { parsePid } from "./parse_integer.ts";
 *
 * parsePid("0x10"); // { value: 16n }
 * parsePid("0");    // { error: "ERANGE" }
 * ```
 */
export function parsePid(input: string): ParsedInteger {
  const parsed = parseUnsigned(input);
  if ("error" in parsed) return parsed;
  return parsed.value === 0n || parsed.value >= INT_LIMIT ? { error: "ERANGE" } : parsed;
}
