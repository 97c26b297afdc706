// Models of libsystemd's safe_atou64() and safe_atoi() (strtoull()/strtol() with base 0, after libsystemd's own
// prefix handling), so that the environment is read exactly as sd_watchdog_enabled(3) and sd_listen_fds(3) read it.

import { INT_MAX, UINT64_MAX } from "./linux.ts";

/** A parsed integer, or the errno libsystemd would return. */
export type ParsedInteger = { value: bigint } | { error: "EINVAL" | "ERANGE" };

const U64_LIMIT = UINT64_MAX + 1n;
const INT_LIMIT = BigInt(INT_MAX) + 1n; // 2^31
const LONG_LIMIT = 1n << 63n;
/** What libsystemd skips itself before calling strtoull: WHITESPACE = " \t\n\r". */
const SYSTEMD_WHITESPACE = " \t\n\r";
/** What strtoull skips: isspace() in the C locale. */
const C_SPACE = " \t\n\v\f\r";

/** The digits of each base, and the prefix BigInt() reads them with. */
const DIGITS: Record<number, [RegExp, string]> = {
  2: [/^[01]+/, "0b"],
  8: [/^[0-7]+/, "0o"],
  10: [/^[0-9]+/, ""],
  16: [/^[0-9a-fA-F]+/, "0x"],
};

function skip(text: string, from: number, set: string): number {
  while (from < text.length && set.includes(text[from])) from++;
  return from;
}

/** What C's strto*l() read. */
interface CNumber {
  /** The digits' value, however large: the caller decides what overflows. */
  magnitude: bigint;
  negative: boolean;
  /** Whether characters follow the digits. */
  trailing: boolean;
  /** The text strto*l() saw, after libsystemd skipped white space and a 0b/0o prefix. */
  text: string;
}

/**
 * libsystemd's prefix handling (white space, then mangle_base()'s `0b`/`0o`), then strtol()/strtoull() with base 0:
 * white space, a sign, `0x` or a C octal `0`, digits, and nothing after them.
 */
function parseC(input: string): CNumber | { error: "EINVAL" } {
  let text = input.slice(skip(input, 0, SYSTEMD_WHITESPACE));
  let base = 0;
  if (/^0[bB]/.test(text)) [base, text] = [2, text.slice(2)];
  else if (/^0[oO]/.test(text)) [base, text] = [8, text.slice(2)];

  let at = skip(text, 0, C_SPACE);
  const negative = text[at] === "-";
  if (text[at] === "+" || text[at] === "-") at++;
  if (base === 0) {
    if (text[at] === "0" && /^[xX][0-9a-fA-F]/.test(text.slice(at + 1, at + 3))) {
      base = 16;
      at += 2;
    } else {
      base = text[at] === "0" ? 8 : 10;
    }
  }
  const [digitsOf, prefix] = DIGITS[base];
  const digits = digitsOf.exec(text.slice(at))?.[0];
  if (digits === undefined) return { error: "EINVAL" };
  const magnitude = BigInt(prefix + digits);
  at += digits.length;
  return { magnitude, negative, trailing: at !== text.length, text };
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
  const parsed = parseC(input);
  if ("error" in parsed) return parsed;
  const { magnitude, negative, trailing, text } = parsed;
  // strtoull() reports overflow before libsystemd looks at what follows the digits.
  if (magnitude >= U64_LIMIT) return { error: "ERANGE" };
  if (trailing) return { error: "EINVAL" };
  const value = negative ? (U64_LIMIT - magnitude) % U64_LIMIT : magnitude;
  if (value !== 0n && text[0] === "-") return { error: "ERANGE" };
  return { value };
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
  const parsed = parseC(input);
  if ("error" in parsed) return parsed;
  const { magnitude, negative, trailing } = parsed;
  if (magnitude > (negative ? LONG_LIMIT : LONG_LIMIT - 1n)) return { error: "ERANGE" }; // strtol() overflow
  if (trailing) return { error: "EINVAL" };
  const value = negative ? -magnitude : magnitude;
  if (value < -INT_LIMIT || value >= INT_LIMIT) return { error: "ERANGE" };
  return { value };
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
