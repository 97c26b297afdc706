/**
 * Stable error codes, each an errno name; docs/errors.md says when each comes (a test keeps its table and this
 * union alike). Kernel failures carry the kernel's name: any other errno name, or `E<number>`, may come too.
 */
export type NotifyErrorCode =
  | "EINVAL"
  | "ERANGE"
  | "ENAMETOOLONG"
  | "EAFNOSUPPORT"
  | "ENOENT"
  | "ECONNREFUSED"
  | "EACCES"
  | "EAGAIN"
  | "ENOBUFS"
  | "ETIMEDOUT"
  | "EPERM"
  | "EBADF"
  | "ENOSYS"
  | "E2BIG"
  | "EMSGSIZE"
  | "EIO"
  | "ETOOMANYREFS"
  | "ECANCELED"
  | "EOPNOTSUPP"
  // Any other errno name the kernel gives; written so that editors still offer the names above.
  | (string & Record<never, never>);

/** Options for {@linkcode NotifyError}. */
export interface NotifyErrorOptions {
  /** The underlying error, if any. @default {undefined} */
  cause?: unknown;
}

/**
 * Raised whenever a notification cannot be built, addressed or sent, and when the watchdog environment is malformed.
 * `code` is stable; `message` says what to do.
 *
 * @example Tell a missing socket from bad input
 * ```ts
 * import { NotifyError, sdNotify } from "@x/systemd-watchdog";
 *
 * try {
 *   sdNotify("READY=1");
 * } catch (error) {
 *   if (error instanceof NotifyError && error.code === "ENOENT") {
 *     console.error("the notify socket is gone:", error.message);
 *   } else {
 *     throw error;
 *   }
 * }
 * ```
 */
export class NotifyError extends Error {
  /** The errno name, e.g. `ECONNREFUSED` or `EINVAL`. */
  readonly code: NotifyErrorCode;

  /** Creates an error with a stable `code` (an errno name) and a `message` that says what to do. */
  constructor(code: NotifyErrorCode, message: string, options?: NotifyErrorOptions) {
    super(message, options);
    this.name = "NotifyError";
    this.code = code;
  }
}

/**
 * The one way this package refuses input: a {@linkcode NotifyError} whose message is "CONTEXT: PROBLEM", in the style
 * of Deno's standard library, and whose code is `EINVAL` unless libsystemd reports that input otherwise (`ERANGE`,
 * `ENAMETOOLONG`, ...).
 *
 * @example
 * ```ts
 * import { refused } from "./error.ts";
 *
 * throw refused("Cannot keep alive", "fraction is 2; pass a number above 0 and below 1");
 * ```
 */
export function refused(context: string, problem: string, code: NotifyErrorCode = "EINVAL"): NotifyError {
  return new NotifyError(code, `${context}: ${problem}`);
}
