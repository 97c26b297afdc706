import { type NotifyError, type NotifyErrorCode, refused } from "./error.ts";
import { AF_UNIX, SUN_PATH_SIZE } from "./linux.ts";

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

function refuse(text: string, problem: string, code: NotifyErrorCode = "EINVAL"): NotifyError {
  return refused("Cannot send notification", `NOTIFY_SOCKET=${JSON.stringify(text)} ${problem}`, code);
}

/**
 * Parses `NOTIFY_SOCKET` as libsystemd 252 does: an absolute path (`sun_path` with its NUL, addrlen = 2 + length + 1)
 * or `@name` in the abstract namespace (`sun_path[0] = 0`, addrlen = 2 + 1 + length, no NUL and no padding). Like
 * libsystemd, it wants the value and its NUL to fit in `sun_path`: at most 107 bytes, `@` included.
 * @throws {NotifyError} `EINVAL` for a value shorter than 2 bytes, relative, holding a NUL or a lone surrogate, or an
 * abstract name of 108 bytes or more; `ENAMETOOLONG` for such a path (libsystemd 252's codes); `EAFNOSUPPORT` for the
 * `vsock:` addresses systemd 253+ may set.
 *
 * @example
 * ```ts
 * import { parseNotifyAddress } from "@x/systemd-watchdog/advanced";
 *
 * const address = parseNotifyAddress("@my-test");
 * address.sockaddr.length; // 2 + 1 + 7 = 10
 * ```
 */
export function parseNotifyAddress(text: string): NotifyAddress {
  if (/^vsock(-stream|-dgram|-seqpacket)?:/.test(text)) { // the forms systemd 253+ sets for a VM
    throw refuse(
      text,
      "is an AF_VSOCK address, which this library does not support yet; use an AF_UNIX socket (a path or @name)",
      "EAFNOSUPPORT",
    );
  }
  if (text.includes("\0")) throw refuse(text, "contains a NUL character");
  if (!text.isWellFormed()) throw refuse(text, "is not valid Unicode"); // a lone surrogate
  const bytes = encoder.encode(text);
  if (bytes.length < 2) throw refuse(text, "is too short; systemd sets an absolute path or @name");
  const kind = text[0] === "@" ? "abstract" : "path";
  if (kind === "path" && text[0] !== "/") {
    throw refuse(text, "is a relative path; systemd sets an absolute path or @name");
  }
  if (bytes.length >= SUN_PATH_SIZE) {
    const problem = `is ${bytes.length} bytes long, more than the ${SUN_PATH_SIZE - 1} that fit in sun_path`;
    throw refuse(text, problem, kind === "path" ? "ENAMETOOLONG" : "EINVAL");
  }
  const name = kind === "abstract" ? bytes.subarray(1) : bytes;
  const sockaddr = new Uint8Array(2 + 1 + name.length);
  sockaddr[0] = AF_UNIX; // sa_family_t, little-endian on every Linux target we support
  sockaddr.set(name, kind === "abstract" ? 3 : 2);
  return { kind, text, sockaddr };
}
