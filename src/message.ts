import { ASSIGNMENT_RULES } from "./assignments.ts";
import { describe } from "./describe.ts";
import { type NotifyError, refused } from "./error.ts";

/** systemd reads at most this many bytes per notification (PIPE_BUF) and drops larger datagrams. */
export const MAX_DATAGRAM_BYTES = 4096;

/**
 * A value in an assignment object. `true` is sent as `1`; `false` and `undefined` leave the assignment out, so
 * `{ READY: isReady }` works; numbers must be safe integers.
 */
export type NotifyValue = string | number | bigint | boolean | undefined;

/** Assignments as an object: `{ READY: true, STATUS: "Serving" }`. */
export type NotifyAssignments = Readonly<Record<string, NotifyValue>>;

/** What sd_notify(3) takes: newline-separated `KEY=value` lines, or an object of assignments. */
export type NotifyState = string | NotifyAssignments;

const KEY = /^[A-Z0-9_]+$/;
const encoder = new TextEncoder();

function refuse(problem: string): NotifyError {
  return refused("Cannot send notification", problem);
}

// The three characters refuseCharacters() names, found in one scan (most values have none).
const REFUSED_CHARACTER = /[\n\r\0]/;

function checkValue(key: string, value: string): void {
  if (REFUSED_CHARACTER.test(value)) refuseCharacters(key, value);
  if (!value.isWellFormed()) {
    throw refuse(`the value of ${key} contains a lone UTF-16 surrogate, which has no UTF-8 form`);
  }
  checkRule(key, value);
}

function checkRule(key: string, value: string): void {
  const problem = ASSIGNMENT_RULES[key]?.(value);
  if (problem) throw refuse(`${key}=${JSON.stringify(value)} is refused: ${key} ${problem}`);
}

function refuseCharacters(key: string, value: string): never {
  if (value.includes("\n") || value.includes("\r")) {
    throw refuse(`the value of ${key} contains a line break, which systemd would read as a second assignment`);
  }
  throw refuse(`the value of ${key} contains a NUL character, so systemd would drop the message`);
}

function checkKey(key: string): void {
  if (!KEY.test(key)) {
    throw refuse(`the key ${JSON.stringify(key)} is not made of A-Z, 0-9 and _ only`);
  }
}

/** The text of a value that is sent (not `undefined` or `false`), checked. */
function valueText(key: string, value: Exclude<NotifyValue, undefined | false>): string {
  switch (typeof value) {
    case "string":
      checkValue(key, value);
      return value;
    case "boolean": // true
      checkRule(key, "1");
      return "1";
    case "number":
      if (!Number.isInteger(value)) throw refuse(`the value of ${key} is ${value}, not an integer`);
      if (!Number.isSafeInteger(value)) {
        throw refuse(`the value of ${key} is ${value}, too large to be exact as a number; pass a string or a bigint`);
      }
      break;
    case "bigint":
      break;
    default: {
      // Not a NotifyValue at all (an object, say): its text, taken once (a second String() could differ), checked.
      const text = String(value);
      checkValue(key, text);
      return text;
    }
  }
  // An integer's digits hold no line break, NUL or surrogate: only the key's rule is left to check.
  const text = String(value);
  checkRule(key, text);
  return text;
}

// A for-in loop and one growing string: Object.entries() and an array to join cost an allocation per key.
function formatAssignments(assignments: NotifyAssignments): string {
  let text = "";
  for (const key in assignments) {
    if (!Object.hasOwn(assignments, key)) continue; // as Object.entries(): own properties only
    const value = assignments[key];
    if (value === undefined || value === false) continue;
    checkKey(key);
    const line = `${key}=${valueText(key, value)}`;
    text = text === "" ? line : `${text}\n${line}`;
  }
  return text;
}

function checkLines(state: string): void {
  const lines = state.split("\n");
  if (lines.at(-1) === "") lines.pop(); // one trailing newline is harmless
  lines.forEach((line, index) => {
    const equals = line.indexOf("=");
    if (equals <= 0) {
      throw refuse(`line ${index + 1} (${JSON.stringify(line)}) is not a KEY=value assignment`);
    }
    const key = line.slice(0, equals);
    checkKey(key);
    checkValue(key, line.slice(equals + 1));
  });
}

/**
 * Validates a state and returns the text of its datagram, refusing what systemd would misread, drop or ignore
 * (docs/errors.md lists each rule). An object whose values are all `false` or `undefined` gives `""`: there is nothing
 * to send, and the senders send nothing (and return `false`).
 * @throws {NotifyError} `EINVAL`, naming the key and the problem; for the empty string; for a state that is neither a
 * string nor an object (`null`, `undefined`, a number, an array).
 *
 * @example
 * ```ts
 * import { formatState } from "@x/systemd-watchdog/advanced";
 *
 * formatState({ READY: true, STATUS: "Serving" }); // "READY=1\nSTATUS=Serving"
 * ```
 */
export function formatState(state: NotifyState): string {
  if (typeof state !== "string") {
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw refuse(`the state is ${describe(state)}; pass a string of KEY=value lines or an object of assignments`);
    }
    return formatAssignments(state); // "" when every value is false or undefined
  }
  checkLines(state);
  if (state === "") throw refuse("the state holds no assignment");
  return state;
}

/**
 * Validates a state and encodes its datagram as UTF-8, at most {@linkcode MAX_DATAGRAM_BYTES} long.
 * @throws {NotifyError} `EINVAL` for anything {@linkcode formatState} refuses, or a datagram systemd would drop for its
 * size.
 *
 * @example
 * ```ts
 * import { encodeState } from "@x/systemd-watchdog/advanced";
 *
 * encodeState("WATCHDOG=1").length; // 10
 * ```
 */
export function encodeState(state: NotifyState): Uint8Array {
  return encoder.encode(datagramText(state));
}

/**
 * What {@linkcode encodeState} encodes: the datagram's text, validated as {@linkcode formatState} does and at most
 * {@linkcode MAX_DATAGRAM_BYTES} of UTF-8. The send paths hand it to the socket, which encodes it into a buffer of its
 * own: a new `Uint8Array` per message costs over a microsecond on Deno and Node.js (V8 allocates it outside its heap).
 * @throws {NotifyError} What {@linkcode encodeState} throws.
 *
 * @example
 * ```ts
 * import { datagramText } from "./message.ts";
 *
 * datagramText({ READY: true, STATUS: "up" }); // "READY=1\nSTATUS=up"
 * ```
 */
export function datagramText(state: NotifyState): string {
  const text = formatState(state);
  // Counted without encoding while it cannot be too long: at most 3 UTF-8 bytes per UTF-16 unit
  // (bench/plainer/byte-count.patch).
  if (text.length * 3 > MAX_DATAGRAM_BYTES) {
    const bytes = encoder.encode(text).length;
    if (bytes > MAX_DATAGRAM_BYTES) {
      throw refuse(
        `the message is ${bytes} bytes of UTF-8, more than the ${MAX_DATAGRAM_BYTES} systemd accepts; ` +
          "shorten the status text",
      );
    }
  }
  return text;
}

/**
 * A datagram this package sends as it is, checked and encoded when first used rather than at import (which would add
 * its checks to every importer's start-up: bench/plainer/eager-constants.patch).
 *
 * @example
 * ```ts
 * import { constantDatagram } from "./message.ts";
 *
 * const ready = constantDatagram("READY=1");
 * ready(); // Uint8Array of "READY=1", the same array at each call
 * ```
 */
export function constantDatagram(state: string): () => Uint8Array {
  let bytes: Uint8Array | undefined;
  return () => bytes ??= encodeState(state);
}
