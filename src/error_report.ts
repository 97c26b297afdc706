import { describe } from "./describe.ts";
import type { NotifyError } from "./error.ts";

/** Receives each notification a `Watchdog` could not deliver, and each reload whose handler failed. */
export type NotifyErrorHandler = (error: NotifyError) => void;

/**
 * Reports delivery errors without flooding a log: the default handler writes one line to stderr per error code, and the
 * same code again only after a notification has got through in between. A handler given by the user sees every error;
 * if it throws, that is written to stderr instead of escaping.
 *
 * @example
 * ```ts
 * import { ErrorReport } from "./error_report.ts";
 * import { NotifyError } from "./error.ts";
 *
 * const report = new ErrorReport();
 * report.failed(new NotifyError("ENOENT", "Cannot send notification: no socket")); // one line on stderr
 * report.failed(new NotifyError("ENOENT", "Cannot send notification: no socket")); // nothing more
 * report.delivered(); // the next ENOENT is written again
 * ```
 */
export class ErrorReport {
  #handler: NotifyErrorHandler | undefined;
  #shown = new Set<string>();
  #handling = false;

  /** @param handler The user's `onError`; `undefined` for the default, stderr. */
  constructor(handler?: NotifyErrorHandler) {
    this.#handler = handler;
  }

  /**
   * Hands `error` to the handler. A failure while the handler runs (say it sends a status line through the same
   * Watchdog) goes to stderr instead, once per code, rather than back into the handler without end.
   * @param everyTime Write each such error to stderr, not once per code: for failures that do not repeat by themselves,
   * as a failed reload.
   */
  failed(error: NotifyError, everyTime = false): void {
    if (this.#handler === undefined && everyTime) return writeLine(error.message);
    if (this.#handler === undefined || this.#handling) return this.#writeOnce(error);
    this.#handling = true;
    try {
      callHandler(
        this.#handler,
        error,
        (thrown) => writeLine(`${error.message} (and onError threw: ${describe(thrown)})`),
      );
    } finally {
      this.#handling = false;
    }
  }

  /** Notes that a notification got through: every code may be written again. */
  delivered(): void {
    if (this.#shown.size > 0) this.#shown.clear();
  }

  #writeOnce(error: NotifyError): void {
    if (this.#shown.has(error.code)) return;
    this.#shown.add(error.code);
    // EBADF is a closed Watchdog's: nothing gets through it again.
    if (error.code === "EBADF") return writeLine(`${error.message} [EBADF]`);
    writeLine(`${error.message} [${error.code}; repeats are not shown until a notification gets through]`);
  }
}

/**
 * Calls a user's handler so that nothing it does escapes: a throw, or a
 * rejection of the promise an async handler returns, goes to `failed`.
 *
 * @example
 * ```ts
 * import { callHandler } from "./error_report.ts";
 *
 * callHandler(async (n: number) => { throw new Error(`no ${n}`); }, 3, (thrown) => console.error(thrown));
 * ```
 */
export function callHandler<T>(handler: (value: T) => unknown, value: T, failed: (thrown: unknown) => void): void {
  try {
    const result = handler(value);
    if (typeof (result as Promise<unknown> | null)?.then === "function") {
      (result as Promise<unknown>).then(undefined, (thrown) => failed(thrown));
    }
  } catch (thrown) {
    failed(thrown);
  }
}

/**
 * One line on stderr, prefixed with the package's name.
 *
 * @example
 * ```ts
 * import { writeLine } from "./error_report.ts";
 *
 * writeLine("stall reports are off"); // "@x/systemd-watchdog: stall reports are off"
 * ```
 */
export function writeLine(text: string): void {
  try {
    console.error(`@x/systemd-watchdog: ${text}`);
  } catch { /* stderr itself is gone: nowhere left to say it */ }
}
