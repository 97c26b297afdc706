import { describe } from "./describe.ts";
import { MAX_DATAGRAM_BYTES } from "./message.ts";

/** Options for {@linkcode statusText}. */
export interface StatusTextOptions {
  /** Bytes of the datagram to leave free, for text the caller appends. @default {0} */
  reserveBytes?: number;
}

const PREFIX = "STATUS=";
const ELLIPSIS = "…";
const encoder = new TextEncoder();
const MAX_TEXT_BYTES = MAX_DATAGRAM_BYTES - PREFIX.length;
// Unicode's control characters (\p{Cc}) spelled as ranges: with \p{Cc}, importing the package took up to 1.2x as long
// (bench/plainer/control-property.patch).
// deno-lint-ignore no-control-regex
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Makes `text` safe to send as one `STATUS=` line, whatever it holds: line breaks and tabs become spaces, NUL and other
 * control characters are removed, lone UTF-16 surrogates become U+FFFD, and text longer than one datagram allows is cut
 * at a character boundary and ends with `…`.
 *
 * @example
 * ```ts
 * import { statusText } from "./status_line.ts";
 *
 * statusText("Failed: ENOENT\nat open()"); // "Failed: ENOENT at open()"
 * ```
 */
export function statusText(text: string, options: StatusTextOptions = {}): string {
  const room = MAX_TEXT_BYTES - (options.reserveBytes ?? 0);
  const clean = describe(text)
    .replace(/\r\n|[\r\n\t\v\f]/g, " ")
    .replace(CONTROLS, "")
    .toWellFormed();
  if (clean.length * 3 <= room) return clean; // at most 3 UTF-8 bytes per UTF-16 unit (bench/plainer/byte-count.patch)
  if (encoder.encode(clean).length <= room) return clean;
  return cut(clean, room - encoder.encode(ELLIPSIS).length) + ELLIPSIS;
}

/**
 * The datagram (as text) of a status line already made safe by {@linkcode statusText}.
 *
 * @example
 * ```ts
 * import { statusDatagram, statusText } from "./status_line.ts";
 *
 * statusDatagram(statusText("Serving\non :8080")); // "STATUS=Serving on :8080"
 * ```
 */
export function statusDatagram(text: string): string {
  return PREFIX + text;
}

/** The longest prefix of `text` whose UTF-8 form fits in `maxBytes`, never splitting a character. */
function cut(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) { // by code point: a surrogate pair stays whole
    const size = char.codePointAt(0)! < 0x80 ? 1 : char.codePointAt(0)! < 0x800 ? 2 : char.length === 2 ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
