import { withDeadline } from "./deadline.ts";
import { describe } from "./describe.ts";
import { NotifyError, refused } from "./error.ts";
import { writeLine } from "./error_report.ts";
import type { ServicePhase } from "./lifecycle.ts";
import { integerOption, MAX_TIMER_MS } from "./numeric_option.ts";

/**
 * The signals a reload may be asked with. Not SIGTERM, SIGINT or SIGQUIT: those stop a service. On Node.js,
 * SIGUSR1 also starts the inspector, which a reload listener on it replaces.
 */
export type ReloadSignal = "SIGHUP" | "SIGUSR1" | "SIGUSR2";

const RELOAD_SIGNALS: readonly string[] = ["SIGHUP", "SIGUSR1", "SIGUSR2"];

/** 5 s below systemd's default `TimeoutStartSec=` (90 s): see {@linkcode ReloadOptions.timeoutMs} for why. */
const DEFAULT_RELOAD_TIMEOUT_MS = 85_000;

/** Options for {@linkcode Watchdog.onReload}. */
export interface ReloadOptions {
  /**
   * The unit's `ReloadSignal=` (with `Type=notify-reload`), or the signal its `ExecReload=` sends.
   * @default {"SIGHUP"}
   */
  signal?: ReloadSignal;
  /**
   * How long the handler may take (1 to 2147483647 ms) before the reload counts as failed (`ETIMEDOUT`) and `READY=1`
   * goes out. Keep it a few seconds below the unit's `TimeoutStartSec=`, which bounds reloads too and starts first.
   * @default {85000}
   */
  timeoutMs?: number;
}

/**
 * Reloads the service's configuration; a reload fails when it throws or its promise rejects. `signal` is aborted when
 * the reload runs out of time, when the service is stopping and when the Watchdog closes: stop then, as the next
 * reload's handler starts only once this one has settled.
 */
export type ReloadHandler = (signal: AbortSignal) => void | Promise<void>;

/** What {@linkcode Watchdog.onReload} returns: closing it removes the signal listener. */
export interface ReloadListener extends Disposable {
  /** Whether the signal listener is installed. */
  readonly active: boolean;
  /**
   * Removes the signal listener: the signal's default action (ending the
   * process) is back. A reload already asked for still ends with `READY=1`.
   */
  close(): void;
}

/** What a reload does besides calling the handler, provided by the Watchdog. None of them throws. */
export interface ReloadActions {
  /** The service's phase: reloads wait while it starts, and are dropped once it stops. */
  phase(): ServicePhase;
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
 * @throws {NotifyError} `EINVAL`, naming what is wrong.
 *
 * @example
 * ```ts
 * import { checkReloadArguments } from "./reload.ts";
 *
 * checkReloadArguments(() => {}, { signal: "SIGUSR1" }); // { signal: "SIGUSR1", timeoutMs: 85000 }
 * ```
 */
export function checkReloadArguments(
  handler: unknown,
  options: ReloadOptions,
): { signal: ReloadSignal; timeoutMs: number } {
  const refuse = (problem: string) => refused("Cannot listen for reloads", problem);
  if (typeof handler !== "function") throw refuse("the handler must be a function");
  if (typeof options !== "object" || options === null) throw refuse("pass an options object");
  const signal = options.signal ?? "SIGHUP";
  if (!RELOAD_SIGNALS.includes(signal)) {
    throw refuse(`signal is ${describe(signal)}; pass one of ${RELOAD_SIGNALS.join(", ")}`);
  }
  const timeoutMs = integerOption(
    "Cannot listen for reloads",
    "timeoutMs",
    options.timeoutMs,
    DEFAULT_RELOAD_TIMEOUT_MS,
    1,
    MAX_TIMER_MS,
  );
  return { signal, timeoutMs };
}

interface Request {
  handler: ReloadHandler;
  timeoutMs: number;
}

/**
 * Runs one reload after another for a Watchdog, whichever of its listeners asked: `RELOADING=1` (and
 * `MONOTONIC_USEC=`), the handler, then `READY=1`. Requests during a reload make one more after it, with the last
 * handler; one made while the service starts waits for {@linkcode ReloadRunner.resume}; one made once it stops is
 * dropped. A handler starts only once the previous one has settled, and that wait counts against its `timeoutMs`.
 *
 * @example
 * ```ts
 * import { ReloadRunner } from "./reload.ts";
 *
 * const runner = new ReloadRunner({ phase: () => "ready", reloading() {}, failed() {}, recovered() {}, ready() {} });
 * runner.request(() => console.log("reloading"), 90_000);
 * ```
 */
export class ReloadRunner {
  #actions: ReloadActions;
  #running = false;
  #next: Request | undefined;
  #abort: AbortController | undefined;
  /** The last handler, settled or not: the next one starts after it. */
  #previous: Promise<void> = Promise.resolve();
  #lastFailure: NotifyError | undefined;
  #deferralSaid = false;

  /** @param actions What the Watchdog sends. */
  constructor(actions: ReloadActions) {
    this.#actions = actions;
  }

  /** Why the last reload failed; `undefined` when it succeeded, or none ran yet. */
  get lastFailure(): NotifyError | undefined {
    return this.#lastFailure;
  }

  /** Asks for a reload with `handler`: at once, or after the one running (once, however often asked meanwhile). */
  request(handler: ReloadHandler, timeoutMs: number): void {
    if (!this.#accepts()) return;
    this.#next = { handler, timeoutMs };
    this.resume();
  }

  /** Runs the reload asked for while the service was starting, now that it is ready. */
  resume(): void {
    if (this.#running || this.#next === undefined) return;
    if (this.#actions.phase() === "ready") {
      this.#run().catch((error) => writeLine(`Cannot reload: ${describe(error)}`));
    } else if (!this.#deferralSaid) {
      // A READY=1 sent elsewhere never reaches this runner: say once why the reload waits.
      this.#deferralSaid = true;
      writeLine(
        "A reload signal came before READY=1: the reload runs right after ready() (a Watchdog made after " +
          'READY=1 went out elsewhere, or for a service that never sends it, takes phase: "ready")',
      );
    }
  }

  /**
   * Drops a reload not started yet, aborts the running handler's signal with `ECANCELED` saying `why` (the service is
   * stopping, the Watchdog closing) and stops its deadline; nothing more of that reload is sent.
   */
  cancel(why: string): void {
    this.#next = undefined;
    this.#abort?.abort(new NotifyError("ECANCELED", `Cannot reload: ${why}`));
  }

  #accepts(): boolean {
    const phase = this.#actions.phase();
    return phase !== "stopping" && phase !== "closed";
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#next !== undefined && this.#accepts()) {
        const request = this.#next;
        this.#next = undefined;
        await this.#reload(request);
      }
    } finally {
      this.#running = false;
      if (!this.#accepts()) this.#next = undefined;
    }
  }

  async #reload({ handler, timeoutMs }: Request): Promise<void> {
    const abort = this.#abort = new AbortController();
    this.#actions.reloading();
    if (!this.#accepts()) return; // stopped or closed by an onError that RELOADING=1 failed to reach
    let started = false;
    const work = this.#previous.then(() => {
      abort.signal.throwIfAborted(); // out of time, or cancelled, while the previous handler still ran
      started = true;
      return handler(abort.signal);
    });
    this.#previous = work.then(() => {}, () => {});
    let failure: NotifyError | undefined;
    let reason = "";
    try {
      // The deadline keeps the process alive while a reload runs, as the handler's own work would.
      await withDeadline(work, timeoutMs, { late: () => TIMED_OUT, keepsAlive: true, signal: abort.signal });
    } catch (error) {
      if (!this.#accepts()) return; // cancelled: the service stops, and nothing more is sent or said
      const timedOut = error === TIMED_OUT;
      reason = !timedOut
        ? describe(error)
        : started
        ? `the reload handler did not finish within ${timeoutMs} ms`
        : `the previous reload handler was still running after ${timeoutMs} ms`;
      failure = timedOut
        ? new NotifyError("ETIMEDOUT", `Cannot reload: ${reason}; the service keeps its previous state`)
        : new NotifyError(
          "ECANCELED",
          `Cannot reload: the reload handler failed (${reason}); the service keeps its previous state`,
          { cause: error },
        );
      if (timedOut) abort.abort(failure);
    } finally {
      this.#abort = undefined;
    }
    if (!this.#accepts()) return; // stopping or closed meanwhile: no READY=1 after STOPPING=1
    const recovered = failure === undefined && this.#lastFailure !== undefined;
    this.#lastFailure = failure;
    if (failure !== undefined) this.#actions.failed(reason, failure);
    if (recovered) this.#actions.recovered();
    if (this.#actions.phase() === "reloading") this.#actions.ready();
  }
}

// What a reload's deadline rejects with: no handler's own error can be this object.
const TIMED_OUT = Symbol("timed out");

/**
 * Listens for `signal` and asks `runner` for a reload with `handler` at each.
 * @throws {NotifyError} `EINVAL` for a bad handler, signal or timeout.
 *
 * @example
 * ```ts
 * import { listenForReload, ReloadRunner } from "./reload.ts";
 *
 * const runner = new ReloadRunner({ phase: () => "ready", reloading() {}, failed() {}, recovered() {}, ready() {} });
 * const listen = (_signal: string, _listener: () => void) => () => {};
 * using listener = listenForReload(listen, runner, () => console.log("reloading"), {});
 * ```
 */
export function listenForReload(
  listen: ListenForSignal,
  runner: ReloadRunner,
  handler: ReloadHandler,
  options: ReloadOptions = {},
): ReloadListener {
  const { signal, timeoutMs } = checkReloadArguments(handler, options);
  let remove: (() => void) | undefined = listen(signal, () => runner.request(handler, timeoutMs));
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
