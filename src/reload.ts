/**
 * Reloading on a signal, as `Type=notify-reload` (systemd 253+) expects and
 * `ExecReload=/bin/kill -HUP $MAINPID` allows: `RELOADING=1` with
 * `MONOTONIC_USEC` in one datagram, the service's handler, then `READY=1`.
 *
 * @module
 */

import { describe } from "./describe.ts";
import { invalid, NotifyError } from "./error.ts";
import { writeLine } from "./error_report.ts";

/** The signals a reload may be asked with: those a JavaScript runtime lets a program catch, on every runtime. */
export type ReloadSignal = "SIGHUP" | "SIGUSR1" | "SIGUSR2" | "SIGINT" | "SIGQUIT" | "SIGTERM" | "SIGWINCH";

const RELOAD_SIGNALS: readonly string[] = ["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGINT", "SIGQUIT", "SIGTERM", "SIGWINCH"];

/** Options for {@linkcode Watchdog.onReload}. */
export interface ReloadOptions {
  /**
   * The signal that asks for a reload: the unit's `ReloadSignal=` with
   * `Type=notify-reload`, or the one its `ExecReload=` sends.
   * @default {"SIGHUP"}
   */
  signal?: ReloadSignal;
}

/** Reloads the service's configuration; a reload fails when it throws or its promise rejects. */
export type ReloadHandler = () => void | Promise<void>;

/** What {@linkcode Watchdog.onReload} returns: closing it removes the signal listener. */
export interface ReloadListener extends Disposable {
  /** Whether the signal listener is installed. */
  readonly active: boolean;
  /** Removes the signal listener; a reload already asked for still ends with `READY=1`. */
  close(): void;
}

/** What a reload does besides calling the handler, provided by the Watchdog. None of them throws. */
export interface ReloadActions {
  /** Sends `RELOADING=1` and `MONOTONIC_USEC=` in one datagram. */
  reloading(): void;
  /** Says why a reload failed: a `STATUS=` line, and the error to `onError`. */
  failed(reason: string, error: NotifyError): void;
  /** After a successful reload that follows a failed one: the service's own status line again. */
  recovered(): void;
  /** Sends `READY=1`. */
  ready(): void;
}

/** Installs `listener` for `signal`; returns what removes it. */
export type ListenForSignal = (signal: ReloadSignal, listener: () => void) => () => void;

/** The status line sent when a reload failed. */
export const reloadFailedStatus = (reason: string): string =>
  `Reload failed, still running on the previous configuration: ${reason}`;

/**
 * Checks the arguments of `onReload()` where they are given.
 *
 * @throws {NotifyError} `EINVAL`, naming what is wrong.
 *
 * @example
 * ```ts
 * import { checkReloadArguments } from "./reload.ts";
 *
 * checkReloadArguments(() => {}, { signal: "SIGUSR1" }); // "SIGUSR1"
 * ```
 */
export function checkReloadArguments(handler: unknown, options: ReloadOptions): ReloadSignal {
  if (typeof handler !== "function") throw invalid("Cannot listen for reloads: the handler must be a function");
  if (typeof options !== "object" || options === null) {
    throw invalid("Cannot listen for reloads: pass an options object");
  }
  const signal = options.signal ?? "SIGHUP";
  if (!RELOAD_SIGNALS.includes(signal)) {
    throw invalid(
      `Cannot listen for reloads: signal is ${describe(signal)}; pass one of ${RELOAD_SIGNALS.join(", ")}`,
    );
  }
  return signal;
}

/**
 * Listens for `signal`, and answers each with `RELOADING=1` (and
 * `MONOTONIC_USEC=`), the handler, then `READY=1`, one reload after another.
 * A handler that throws or rejects leaves the service on its previous state:
 * a status line says why, the error goes to `onError`, and `READY=1` follows.
 *
 * @throws {NotifyError} `EINVAL` for a bad handler or signal.
 *
 * @example
 * ```ts
 * import { listenForReload } from "./reload.ts";
 *
 * const actions = {
 *   reloading: () => console.log("RELOADING=1"),
 *   failed: (reason: string) => console.log(`STATUS=reload failed: ${reason}`),
 *   recovered: () => {},
 *   ready: () => console.log("READY=1"),
 * };
 * const listen = (_signal: string, _listener: () => void) => () => {};
 * using listener = listenForReload(listen, () => console.log("reloading"), actions, {});
 * ```
 */
export function listenForReload(
  listen: ListenForSignal,
  handler: ReloadHandler,
  actions: ReloadActions,
  options: ReloadOptions = {},
): ReloadListener {
  const signal = checkReloadArguments(handler, options);
  let lastFailed = false;
  let queue = Promise.resolve();

  const reload = async () => {
    actions.reloading();
    try {
      await handler();
      if (lastFailed) actions.recovered();
      lastFailed = false;
    } catch (error) {
      lastFailed = true;
      const reason = describe(error);
      actions.failed(
        reason,
        new NotifyError(
          "ECANCELED",
          `Cannot reload: the reload handler failed (${reason}); the service keeps its previous state`,
          { cause: error },
        ),
      );
    }
    actions.ready();
  };
  // One reload after another: a signal during a reload is answered once that one has sent READY=1.
  const onSignal = () => {
    queue = queue.then(reload).catch((error) => writeLine(`Cannot reload: ${describe(error)}`));
  };

  let remove: (() => void) | undefined = listen(signal, onSignal);
  const close = () => {
    remove?.();
    remove = undefined;
  };
  return {
    get active() {
      return remove !== undefined;
    },
    close,
    [Symbol.dispose]: close,
  };
}
