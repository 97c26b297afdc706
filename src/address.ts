/**
 * `NOTIFY_SOCKET` to `struct sockaddr_un`, by libsystemd's rules.
 *
 * @module
 */

import { invalid, NotifyError } from "./error.ts";

/** `sizeof(((struct sockaddr_un *) 0)->sun_path)` on Linux. */
export const SUN_PATH_SIZE = 108;
const AF_UNIX = 1;
const encoder = new TextEncoder();

/** A parsed `NOTIFY_SOCKET`: what to pass to `connect(2)`. */
export interface NotifyAddress {
  /** A file-system socket, or one in Linux's abstract namespace (`@name`). */
  readonly kind: "path" | "abstract";
  /** The variable's value, for messages. */
  readonly text: string;
  /** `struct sockaddr_un`, exactly `addrlen` bytes long: the length is part of the name. */
  readonly sockaddr: Uint8Array;
}

function refuse(text: string, problem: string): NotifyError {
  return invalid(`Cannot send notification: NOTIFY_SOCKET=${JSON.stringify(text)} ${problem}`);
}

/**
 * Parses `NOTIFY_SOCKET` as libsystemd does: an absolute path (`sun_path` with
 * its NUL, addrlen = 2 + length + 1) or `@name` in the abstract namespace
 * (`sun_path[0] = 0`, addrlen = 2 + 1 + length, no NUL and no padding).
 *
 * @throws {NotifyError} `EINVAL` for an empty, relative, `@`-only, too long
 * or NUL-containing value; `EAFNOSUPPORT` for `vsock:` addresses.
 *
 * @example
 * ```ts
 * import { parseNotifyAddress } from "@x/systemd-watchdog";
 *
 * const address = parseNotifyAddress("@my-test");
 * address.sockaddr.length; // 2 + 1 + 7 = 10
 * ```
 */
export function parseNotifyAddress(text: string): NotifyAddress {
  if (text.startsWith("vsock")) {
    throw new NotifyError(
      "EAFNOSUPPORT",
      `Cannot send notification: NOTIFY_SOCKET=${JSON.stringify(text)} is an AF_VSOCK address, ` +
        "which this library does not support yet; use an AF_UNIX socket (a path or @name)",
    );
  }
  if (text === "") throw refuse(text, "is empty; systemd sets an absolute path or @name");
  if (text.includes("\0")) throw refuse(text, "contains a NUL character");
  if (/\p{Surrogate}/u.test(text)) throw refuse(text, "is not valid Unicode");
  const kind = text[0] === "@" ? "abstract" : "path";
  if (kind === "path" && text[0] !== "/") {
    throw refuse(text, "is a relative path; systemd sets an absolute path or @name");
  }
  if (kind === "abstract" && text.length === 1) throw refuse(text, "names no abstract socket after '@'");

  const name = encoder.encode(kind === "abstract" ? text.slice(1) : text);
  // A path needs room for its NUL; an abstract name uses sun_path[0] as its marker.
  if (name.length + 1 > SUN_PATH_SIZE) {
    throw refuse(text, `is ${name.length} bytes long, more than the ${SUN_PATH_SIZE - 1} that fit in sun_path`);
  }
  const sockaddr = new Uint8Array(2 + 1 + name.length);
  sockaddr[0] = AF_UNIX; // sa_family_t, little-endian on every Linux target we support
  sockaddr.set(name, kind === "abstract" ? 3 : 2);
  return { kind, text, sockaddr };
}
