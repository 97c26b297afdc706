/**
 * The one error class of this package.
 *
 * @module
 */

/**
 * Stable error codes. Kernel failures carry the errno name the kernel gave
 * (`ENOENT`, `ECONNREFUSED`, `EAGAIN`, `EACCES`, ...); the package's own checks
 * use `EINVAL` (bad input), `ERANGE` (a number out of range, as libsystemd
 * reports it), `EAFNOSUPPORT` (an address family not supported yet),
 * `EPERM` (a runtime permission is missing) and `ENOSYS` (no FFI on this
 * runtime or platform).
 */
export type NotifyErrorCode = string;

/** Options for {@linkcode NotifyError}. */
export interface NotifyErrorOptions {
  /** The underlying error, if any. @default {undefined} */
  cause?: unknown;
}

/**
 * Raised whenever a notification cannot be built, addressed or sent, and when
 * the watchdog environment is malformed. `code` is stable; `message` says what
 * to do.
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

  /**
   * Creates an error with a stable code.
   *
   * @param code The errno name.
   * @param message What went wrong and what to do about it.
   * @param options The cause, if any.
   */
  constructor(code: NotifyErrorCode, message: string, options?: NotifyErrorOptions) {
    super(message, options);
    this.name = "NotifyError";
    this.code = code;
  }
}

/** Shorthand for the most common refusal: bad input, code `EINVAL`. */
export function invalid(message: string): NotifyError {
  return new NotifyError("EINVAL", message);
}
