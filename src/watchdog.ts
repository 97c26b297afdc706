import { type NotifyAddress, parseNotifyAddress } from "./address.ts";
import { type BarrierOptions, barrierThrough, barrierTimeoutMs } from "./barrier.ts";
import { isNotifyDue } from "./due.ts";
import { type EnvironmentSource, readVariable, unsetVariables } from "./environment.ts";
import { describe } from "./describe.ts";
import { NotifyError, refused } from "./error.ts";
import { ErrorReport, type NotifyErrorHandler, writeLine } from "./error_report.ts";
import { checkKeepAliveOptions, type KeepAlive, type KeepAliveActions, type KeepAliveOptions } from "./keep_alive.ts";
import { type Announcements, announcementsOf, phaseAfter, type ServicePhase } from "./lifecycle.ts";
import { loadLibc, runtime } from "../ffi/runtime.ts";
import { constantDatagram, datagramText, type NotifyState } from "./message.ts";
import { monotonicMsClock, monotonicUsec } from "./monotonic.ts";
import { type Datagram, NotifySocket, sendTimeoutOption } from "./notify_socket.ts";
import { UINT64_MAX } from "./linux.ts";
import { timeoutOption } from "./numeric_option.ts";
import { QueuedSender } from "./queued_sender.ts";
import {
  listenForReload,
  reloadFailedStatus,
  type ReloadHandler,
  type ReloadListener,
  type ReloadOptions,
  ReloadRunner,
} from "./reload.ts";
import { StallReport, stallReportOption, type StallReportOptions } from "./stall_report.ts";
import { statusDatagram, statusText } from "./status_line.ts";
import { noPingsReason, readWatchdogEnvironment } from "./watchdog_enabled.ts";
import { WatchdogKeepAlive } from "./watchdog_keep_alive.ts";

/** Options for {@linkcode watchdog}. */
export interface WatchdogOptions {
  /** Where to read `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (once, now). @default {the process environment} */
  env?: EnvironmentSource;
  /**
   * A monotonic clock in milliseconds, for {@linkcode Watchdog.notifyDue}.
   * @default {CLOCK_MONOTONIC through FFI on Deno when the watchdog is enabled (cheaper there), else performance.now}
   */
  now?: () => number;
  /** This process's id, compared with `WATCHDOG_PID`. @default {the current process id} */
  pid?: number;
  /** Remove the three variables after reading them, so child processes do not inherit them. @default {false} */
  unsetEnvironment?: boolean;
  /** How long one send may wait for room (0 to 60000 ms) before its message is queued. @default {100} */
  sendTimeoutMs?: number;
  /**
   * `"ready"` when the service's `READY=1` went out already (from the main thread's Watchdog, say), so that reloads
   * need not wait for {@linkcode Watchdog.ready}.
   * @default {"starting"}
   */
  phase?: "starting" | "ready";
  /** Start {@linkcode Watchdog.keepAlive} at once: `true`, or its options. @default {false} */
  keepAlive?: boolean | KeepAliveOptions;
  /**
   * Say why before the watchdog kills the service (`true`, or its options): from `READY=1` to `STOPPING=1`, a helper
   * thread reports a blocked event loop, or a loop that runs without pinging, as `STATUS=` and on stderr (docs/api.md,
   * "Stall reports"). It never pings, holds its Watchdog until `close()`, and costs a Worker: Deno +16 MB of RSS and
   * 80 ms at start-up, Node.js +15 MB and 4 ms, Bun +6 MB and 13 ms (docs/performance.md). A thread that cannot start
   * goes to `onError`.
   * @default {false}
   */
  stallReport?: boolean | StallReportOptions;
  /**
   * Receives each notification the Watchdog could not deliver or had to give up, and each failed reload (`ECANCELED`,
   * `ETIMEDOUT`); failures while it runs go to stderr. One that refers to its Watchdog keeps it alive: `close()` that.
   * @default {one line on stderr per error code, repeated only after a notification has got through}
   */
  onError?: NotifyErrorHandler;
}

/** Options for {@linkcode Watchdog.flush}. */
export interface FlushOptions {
  /** How long to wait for the service manager, in ms (an integer from 0 to 2147483647). @default {5000} */
  timeoutMs?: number;
}

const encoded = {
  watchdog: constantDatagram("WATCHDOG=1"),
  trigger: constantDatagram("WATCHDOG=trigger"),
  ready: constantDatagram("READY=1"),
  stopping: constantDatagram("STOPPING=1"),
};

const CANNOT_CREATE = "Cannot create a Watchdog";

/** Checks the options `watchdog()` takes that no other check covers: each of the right kind. */
function checkWatchdogOptions(options: WatchdogOptions): void {
  const { env, now, pid, unsetEnvironment, phase, keepAlive, onError, stallReport } = options;
  const refuse = (problem: string) => refused(CANNOT_CREATE, problem);
  if (env !== undefined && (typeof env !== "object" || env === null)) {
    throw refuse("env must be an object of variables, or { get, delete }");
  }
  if (now !== undefined && typeof now !== "function") throw refuse("now must be a function returning milliseconds");
  if (pid !== undefined && !(Number.isSafeInteger(pid) && pid > 0)) {
    throw refuse(`pid is ${describe(pid)}, not a process id`);
  }
  if (unsetEnvironment !== undefined && typeof unsetEnvironment !== "boolean") {
    throw refuse("unsetEnvironment must be true or false");
  }
  if (phase !== undefined && phase !== "starting" && phase !== "ready") {
    throw refuse(`phase is ${describe(phase)}; pass "starting" or "ready"`);
  }
  if (keepAlive !== undefined && typeof keepAlive !== "boolean" && (typeof keepAlive !== "object" || !keepAlive)) {
    throw refuse("keepAlive must be true, false or the keep-alive's options");
  }
  if (onError !== undefined && typeof onError !== "function") throw refuse("onError must be a function");
  if (
    stallReport !== undefined && typeof stallReport !== "boolean" && (typeof stallReport !== "object" || !stallReport)
  ) {
    throw refuse("stallReport must be true, false or its options");
  }
}

// The socket of a Watchdog dropped without close() is closed once it is garbage-collected.
const dropped = new FinalizationRegistry<QueuedSender>((sender) => sender.closeWhenDone());

/** What a service that never set a status line is shown after a reload succeeds where the last one failed. */
const RELOADED_STATUS = "Reloaded, running on the new configuration";
/** Starts every status line the service sends while its last reload has failed, until one succeeds. */
const RELOAD_FAILED_MARK = "(last reload failed) ";

/**
 * A client of the service manager for one process: keep-alive pings with due-time tracking, and every sd_notify(3)
 * assignment as a method. Sending methods never throw for a failed delivery: they return `false` and hand the
 * {@linkcode NotifyError} to `onError` (docs/errors.md). Only refused input throws (`EINVAL`), and starting a
 * keep-alive or reload listener after `close()` (`EBADF`). Make one for the life of the process: one declared with
 * `using` at a module's top level is closed as soon as the module has run.
 *
 * @example
 * ```ts
 * import { watchdog } from "@x/systemd-watchdog";
 *
 * const wd = watchdog();
 * wd.status("Starting my service...");
 * wd.ready();
 * setInterval(() => wd.ping(), 1000);
 * ```
 */
export class Watchdog {
  /** Where to send: `undefined` without NOTIFY_SOCKET; the error, reported at each send, when it is malformed. */
  #address: NotifyAddress | NotifyError | undefined;
  #sender: QueuedSender | undefined;
  #sendTimeoutMs: number;
  #report: ErrorReport;
  #now: () => number;

  #phase: ServicePhase;
  /** The watchdog interval in µs; 0 while the watchdog is off. */
  #timeoutUsec: number;
  /** Why a service whose unit has a watchdog will get no pings from this process, said once; or `undefined`. */
  #noPingsReason: string | undefined;
  /** When the last WATCHDOG=1 went out; `undefined` until the first, so a new Watchdog is due at once. */
  #lastNotify: number | undefined;
  #keepAlive = new WatchdogKeepAlive(this.#keepAliveActions());

  /** The last status line the service itself set: what the keep-alive and a reload put back after their own. */
  #serviceStatus: string | undefined;
  /** The last status line sent, the service's or this Watchdog's own: what comes back after a stall report's. */
  #sentStatus: string | undefined;
  #reloadListener: ReloadListener | undefined;
  #reloads: ReloadRunner | undefined;
  #stalls: StallReport | undefined;
  #closedUseReported = false;

  /**
   * Reads the environment once; with `NOTIFY_SOCKET` set, it also opens libc, so that what would stop every send
   * fails here, at start-up.
   * @throws {NotifyError} `EINVAL` for a bad option; `EPERM` when Deno lacks `--allow-env`; with `NOTIFY_SOCKET`
   * set, `EPERM` when Deno lacks `--allow-ffi` (or Node.js runs `--permission` without it) and `ENOSYS` on an
   * unsupported platform or a Node.js without `node:ffi`.
   */
  constructor(options: WatchdogOptions = {}) {
    checkWatchdogOptions(options);
    this.#phase = options.phase ?? "starting";
    this.#sendTimeoutMs = sendTimeoutOption(options.sendTimeoutMs, CANNOT_CREATE);
    this.#report = new ErrorReport(options.onError);
    const { env } = options;
    const socketText = readVariable(env, "NOTIFY_SOCKET");
    const state = readWatchdogEnvironment({ env, pid: options.pid, unsetEnvironment: options.unsetEnvironment });
    if (options.unsetEnvironment) unsetVariables(env, ["NOTIFY_SOCKET"]);
    if (socketText !== undefined) {
      loadLibc(); // fail fast: without FFI, nothing could ever be sent
      try {
        this.#address = parseNotifyAddress(socketText);
      } catch (error) {
        this.#address = error as NotifyError; // the environment's fault, not the program's: reported at each send
      }
      this.#noPingsReason = noPingsReason(state, options.pid);
    }
    this.#timeoutUsec = socketText !== undefined && state.enabled ? Number(state.usec) : 0;
    this.#now = options.now ?? (this.#timeoutUsec > 0 ? monotonicMsClock() : () => performance.now());
    const now = this.#now();
    if (!Number.isFinite(now)) {
      throw refused(CANNOT_CREATE, `now() returned ${describe(now)}; it must return milliseconds`);
    }
    const stallReport = stallReportOption(options.stallReport);
    if (stallReport && this.#address !== undefined && !(this.#address instanceof NotifyError)) {
      this.#stalls = new StallReport(this.#address.sockaddr, stallReport, {
        restore: () => this.#restoreStatus(),
        failed: (error) => this.#report.failed(error),
      });
      this.#followWithStalls();
    }
    if (options.keepAlive) this.keepAlive(options.keepAlive === true ? {} : options.keepAlive);
  }

  /**
   * Whether the service manager expects pings from this process: `NOTIFY_SOCKET` set and a valid `WATCHDOG_USEC` for
   * this pid (or one set by {@linkcode Watchdog.setWatchdogInterval}); malformed values make it `false`, never throw.
   */
  get isEnabled(): boolean {
    return this.#timeoutUsec > 0;
  }

  /** The watchdog interval in microseconds (an integer); 0 when not enabled. */
  get timeout(): number {
    return this.#timeoutUsec;
  }

  /** {@linkcode Watchdog.timeout} in milliseconds (Python's `timeout_td`). */
  get timeoutMs(): number {
    return this.#timeoutUsec / 1000;
  }

  /** Where the service is in its life, as told through this Watchdog (delivered or not): {@linkcode ServicePhase}. */
  get phase(): ServicePhase {
    return this.#phase;
  }

  /**
   * Why the last reload failed (`ECANCELED` or `ETIMEDOUT`), until one succeeds; meanwhile the service's status lines
   * start with `(last reload failed) `, so that `systemctl show -p StatusText` tells it too.
   */
  get reloadFailure(): NotifyError | undefined {
    return this.#reloads?.lastFailure;
  }

  /** How many notifications wait for room behind a busy service manager; see {@linkcode Watchdog.flush}. */
  get queued(): number {
    return this.#sender?.queued ?? 0;
  }

  /**
   * Whether a ping is due, as in Python's systemd_watchdog: from creation until the first {@linkcode Watchdog.notify},
   * then once half the interval has passed since the last one. Never while the watchdog is off.
   */
  get notifyDue(): boolean {
    const last = this.#lastNotify;
    return last === undefined ? this.#timeoutUsec > 0 : isNotifyDue(last, this.#now(), this.#timeoutUsec);
  }

  /**
   * Sends `WATCHDOG=1` only when {@linkcode Watchdog.notifyDue}; returns whether it sent. When the unit has
   * a watchdog that expects pings from another process (`WATCHDOG_PID`, say under a wrapper such as
   * `npm start`), or a malformed `WATCHDOG_USEC`, the first call says so on stderr.
   */
  ping(): boolean {
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.notifyDue) return this.notify();
    if (this.#noPingsReason !== undefined) this.#explainNoPings();
    return false;
  }

  /**
   * Pings by itself: `WATCHDOG=1` every half interval (or `fraction` of it), from a timer that never keeps the process
   * alive, while `healthy()` (if given) says so; turning unhealthy sends one `STATUS=` line saying why. It follows
   * {@linkcode Watchdog.setWatchdogInterval} (waiting while the watchdog is off), and calling it again replaces it. It
   * does not cover start-up: systemd's watchdog runs from `READY=1`. See docs/api.md, "Automatic keep-alive".
   * @throws {NotifyError} `EINVAL` for bad options; `EBADF` after {@linkcode Watchdog.close}.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * let lastJobAt = Date.now();
   * const wd = watchdog();
   * wd.ready();
   * // Stop pinging, and let systemd restart us, when no job has finished for a minute.
   * wd.keepAlive({ healthy: () => Date.now() - lastJobAt < 60_000 || "no job finished for a minute" });
   * ```
   */
  keepAlive(options: KeepAliveOptions = {}): KeepAlive {
    this.#throwIfClosed("keep alive");
    checkKeepAliveOptions(options);
    if (this.#noPingsReason !== undefined) this.#explainNoPings();
    return this.#keepAlive.start(options, this.timeoutMs);
  }

  /** Alias of {@linkcode Watchdog.ping}, for heartbeat terminology. */
  beat(): boolean {
    return this.ping();
  }

  /**
   * `WATCHDOG=1`: reports the service healthy. The only call that resets the due time, whether or not the
   * message could be delivered (so a failing `ping()` is retried once per half interval, not at every call).
   * Behind a busy service manager, a ping goes ahead of the other queued notifications.
   */
  notify(): boolean {
    const sent = this.#send(encoded.watchdog());
    this.#lastNotify = this.#now();
    this.#stalls?.pinged();
    return sent;
  }

  /** `STATUS=msg` if given, then `WATCHDOG=trigger`: the service manager acts as on a missed ping. */
  notifyError(msg?: string): boolean {
    if (msg !== undefined) this.status(msg);
    return this.#send(encoded.trigger());
  }

  /** `READY=1` (`Type=notify`): start-up or a reload is complete; a reload signalled during start-up runs after it. */
  ready(): boolean {
    return this.#announce(encoded.ready(), READY);
  }

  /**
   * `STATUS=msg`, shown by `systemctl status`. Never throws for its text, which {@linkcode statusText} makes one safe
   * line; while the last reload has failed, the line starts with `(last reload failed) `.
   */
  status(msg: string): boolean {
    if (this.#phase === "closed") return this.#sendAfterClose();
    this.#serviceStatus = statusText(msg);
    return this.#sendStatus(this.#serviceLine(this.#serviceStatus));
  }

  /** `RELOADING=1` with `MONOTONIC_USEC` from CLOCK_MONOTONIC; send {@linkcode Watchdog.ready} when done. */
  reloading(): boolean {
    // The clock is read only when there is somewhere to send: it needs FFI.
    return this.#announce(() => datagramText({ RELOADING: true, MONOTONIC_USEC: monotonicUsec() }), RELOADING);
  }

  /**
   * Reloads on a signal (default `SIGHUP`), as `Type=notify-reload` (systemd 253+) and `ExecReload=/bin/kill -HUP`
   * expect: installs the listener at once, and at each signal sends `RELOADING=1` with `MONOTONIC_USEC=`, awaits
   * `handler`, then sends `READY=1`. Reloads run one at a time; one signalled before the service's own `READY=1` runs
   * right after it, and after `stopping()` signals are ignored. A handler that fails or outlasts `timeoutMs` leaves the
   * previous state: a `STATUS=` line and `onError` say why, and `READY=1` still follows. Call it before
   * {@linkcode Watchdog.ready}: systemd may signal as soon as the service is ready. Every rule: docs/api.md,
   * "Reloading".
   * @throws {NotifyError} `EINVAL` for a handler that is not a function, a signal other than SIGHUP, SIGUSR1 or
   * SIGUSR2, or a bad `timeoutMs`; `EBADF` after {@linkcode Watchdog.close}; `EOPNOTSUPP` in a Worker on Node.js or
   * Bun; `ENOSYS` on a runtime that is not Deno, Bun or Node.js.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * let config = { greeting: "hello" };
   * const wd = watchdog();
   * wd.onReload(async (signal) => {
   *   const text = await Promise.resolve('{ "greeting": "hello again" }'); // say, fetch(url, { signal })
   *   signal.throwIfAborted(); // too late: keep the configuration a newer reload may load
   *   config = JSON.parse(text); // throwing keeps the old one
   * });
   * wd.ready();
   * ```
   */
  onReload(handler: ReloadHandler, options: ReloadOptions = {}): ReloadListener {
    this.#throwIfClosed("listen for reloads");
    // One runner for every listener of this Watchdog: a listener replaced during a reload queues behind it.
    this.#reloads ??= new ReloadRunner({
      // Without NOTIFY_SOCKET no READY=1 reaches a manager, so there is no start-up for a reload to wait for.
      phase: () => this.#phase === "starting" && this.#address === undefined ? "ready" : this.#phase,
      reloading: () => this.reloading(),
      failed: (reason, error) => {
        this.#sendOwnLine(reloadFailedStatus(reason));
        this.#report.failed(error, true);
      },
      recovered: () => this.#sendOwnLine(this.#serviceStatus ?? RELOADED_STATUS),
      ready: () => this.ready(),
    });
    const listener = listenForReload(runtime.onSignal, this.#reloads, handler, options);
    this.#reloadListener?.close();
    this.#reloadListener = listener;
    return listener;
  }

  /**
   * `STOPPING=1`: the service is shutting down. Reload signals are ignored
   * from now on, and a reload handler still running has its signal aborted.
   */
  stopping(): boolean {
    return this.#announce(encoded.stopping(), STOPPING);
  }

  /** `EXTEND_TIMEOUT_USEC=usec`: ask for more time to start, reload or stop. */
  extendTimeout(usec: number | bigint): boolean {
    return this.send({ EXTEND_TIMEOUT_USEC: usec });
  }

  /**
   * `WATCHDOG_USEC=usec`: change the watchdog interval (systemd turns the watchdog on if it was off; `0` and
   * 18446744073709551615, infinity to systemd, turn it off, and this Watchdog's pings with it). Due times, the
   * keep-alive and stall reports follow the new interval.
   */
  setWatchdogInterval(usec: number | bigint): boolean {
    const sent = this.send({ WATCHDOG_USEC: usec });
    if (sent) {
      this.#timeoutUsec = BigInt(usec) === UINT64_MAX ? 0 : Number(usec);
      this.#keepAlive.follow(this.timeoutMs);
      this.#followWithStalls();
    }
    return sent;
  }

  /** `ERRNO=n`: the errno-style reason the service failed. */
  errno(n: number): boolean {
    return this.send({ ERRNO: n });
  }

  /** `BUSERROR=name`: the D-Bus error name the service failed with. */
  busError(name: string): boolean {
    return this.send({ BUSERROR: name });
  }

  /**
   * `EXIT_STATUS=n` (0-255), informational only: systemd does not read it
   * from a service, whose exit status is its main process's.
   */
  exitStatus(n: number): boolean {
    return this.send({ EXIT_STATUS: n });
  }

  /** `MAINPID=pid`: the main process of the service, if not this one. */
  mainPid(pid: number): boolean {
    return this.send({ MAINPID: pid });
  }

  /**
   * `NOTIFYACCESS=access`: who may notify for the service from now on, overriding `NotifyAccess=`. systemd 254 and
   * later read it; 252 and 253 ignore it (the message is still delivered, so this returns `true`).
   */
  notifyAccess(access: "none" | "main" | "exec" | "all"): boolean {
    return this.send({ NOTIFYACCESS: access });
  }

  /**
   * Resolves `true` once the service manager has processed everything this Watchdog sent before (sd_notify_barrier(3));
   * `false` without `NOTIFY_SOCKET`, when `BARRIER=1` could not be sent or its pipe could not be made or watched (the
   * error goes to `onError`), or after {@linkcode Watchdog.close}.
   * @throws {NotifyError} Rejects with `ETIMEDOUT` after `timeoutMs` (default 5000).
   */
  async barrier(options: BarrierOptions = {}): Promise<boolean> {
    const timeoutMs = barrierTimeoutMs(options);
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.#address === undefined) return false; // no FFI to open
    let givenUp = false; // queued behind a busy manager, then given up: its pipe hangs up all the same
    try {
      return await barrierThrough(
        (payload, fds) => this.#send(payload, fds, () => (givenUp = true)),
        timeoutMs,
        () => !givenUp,
      );
    } catch (error) {
      // pipe2() or poll() failed (EMFILE, say): a delivery failure like any other, not a rejection to crash on.
      if (error instanceof NotifyError && error.code === "ETIMEDOUT") throw error;
      this.#report.failed(
        error instanceof NotifyError ? error : new NotifyError("EIO", `Cannot pass the notification barrier: ${error}`),
      );
      return false;
    }
  }

  /**
   * Resolves once every notification queued behind a busy service manager when it is called has reached the manager's
   * socket (or, for a status line, been replaced); at once when none is queued, and after `close()`. A main process may
   * then exit (systemd reads that socket before it handles the exit); another process should await
   * {@linkcode Watchdog.barrier}. It keeps the process alive while it waits.
   * @throws {NotifyError} Rejects with `ETIMEDOUT` after `timeoutMs` (default 5000), and with the error when the queue
   * had to be given up.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * const wd = watchdog();
   * wd.stopping();
   * await wd.flush();
   * ```
   */
  async flush(options: FlushOptions = {}): Promise<void> {
    const timeoutMs = timeoutOption("Cannot flush notifications", "timeoutMs", options.timeoutMs, 5000);
    await this.#sender?.flush(timeoutMs);
  }

  /** Sends any state: `KEY=value` lines or an object of assignments, validated as {@linkcode sdNotify} does. */
  send(state: NotifyState): boolean {
    const payload = datagramText(state);
    if (this.#phase === "closed") return this.#sendAfterClose();
    const status = typeof state === "string" ? /^STATUS=(.*)$/m.exec(state)?.[1] : state.STATUS;
    if (typeof status === "string") this.#serviceStatus = this.#sentStatus = status;
    const sent = this.#announce(payload, announcementsOf(payload));
    if (/^WATCHDOG=1$/m.test(payload)) this.#stalls?.pinged();
    // While the last reload has failed, the line shown says so: sent again, marked, after the message.
    if (typeof status === "string" && this.reloadFailure !== undefined) {
      this.#sendStatus(this.#serviceLine(statusText(status)));
    }
    return sent;
  }

  /**
   * Stops the keep-alive and stall reports, removes the reload listener (a running reload sends nothing more: at
   * shutdown send `stopping()` first, or systemd's reload job waits for its timeout) and closes the socket after one
   * last attempt, without waiting, at what is queued (the rest goes to `onError`; `await flush()` first). Later sends
   * return `false`, with one `EBADF` to `onError`.
   */
  close(): void {
    if (this.#phase === "closed") return;
    this.#stalls?.close(); // first: it may put the service's status line back
    this.#phase = "closed";
    this.#keepAlive.stop();
    this.#reloadListener?.close();
    this.#reloads?.cancel("the Watchdog was closed");
    if (this.#sender === undefined) return;
    dropped.unregister(this);
    this.#sender.close();
    this.#sender = undefined;
  }

  /** Same as {@linkcode Watchdog.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** A status line of the service's own, as shown: marked while the last reload has failed. */
  #serviceLine(text: string): string {
    if (this.reloadFailure === undefined) return text;
    return RELOAD_FAILED_MARK + statusText(text, { reserveBytes: RELOAD_FAILED_MARK.length });
  }

  /** Stall reports watch from `READY=1` to `STOPPING=1`, while systemd's watchdog runs, at its interval. */
  #followWithStalls(): void {
    const watched = this.#phase === "ready" || this.#phase === "reloading";
    this.#stalls?.follow(watched ? this.timeoutMs : 0);
  }

  /** What the keep-alive does through this Watchdog; its unhealthiness also tells stall reports that pings are withheld. */
  #keepAliveActions(): KeepAliveActions {
    let unhealthy = false;
    const stalls = () => this.#stalls;
    return {
      ping: () => this.notify(),
      status: (text) => this.#sendOwnLine(text),
      serviceStatus: () => this.#serviceStatus === undefined ? undefined : this.#serviceLine(this.#serviceStatus),
      get unhealthy() {
        return unhealthy;
      },
      set unhealthy(value: boolean) {
        unhealthy = value;
        stalls()?.withholdPings(value);
      },
    };
  }

  /** Puts the last status line sent back after a stall report's (an empty one clears the report's, if none was). */
  #restoreStatus(): void {
    if (this.#phase === "closed") return;
    this.#send(statusDatagram(this.#sentStatus ?? ""));
  }

  /** A status line of the Watchdog's own (keep-alive, reload), made safe as `status()` makes its text. */
  #sendOwnLine(text: string): boolean {
    return this.#sendStatus(statusText(text));
  }

  #sendStatus(line: string): boolean {
    this.#sentStatus = line;
    return this.#send(statusDatagram(line));
  }

  /** Sends a message that moves the service to another phase; the phase moves whether or not it is delivered. */
  #announce(payload: Datagram | (() => Datagram), announced: Announcements): boolean {
    if (this.#phase === "closed") return this.#sendAfterClose();
    const before = this.#phase;
    this.#phase = phaseAfter(before, announced);
    const sent = this.#send(payload);
    if (this.#phase !== before) this.#followWithStalls();
    if (this.#phase === "ready") this.#reloads?.resume(); // a reload asked for before READY=1 runs now
    if (this.#phase === "stopping" && before !== "stopping") this.#reloads?.cancel("the service is stopping");
    return sent;
  }

  #throwIfClosed(what: string): void {
    if (this.#phase === "closed") {
      throw new NotifyError("EBADF", `Cannot ${what}: this Watchdog was closed; create a new one`);
    }
  }

  #sendAfterClose(): false {
    if (!this.#closedUseReported) {
      this.#closedUseReported = true;
      this.#report.failed(
        new NotifyError(
          "EBADF",
          "Cannot send notification: this Watchdog was closed; stop the timers that send through it " +
            "before close(), or create a new one",
        ),
      );
    }
    return false;
  }

  #explainNoPings(): void {
    writeLine(this.#noPingsReason!);
    this.#noPingsReason = undefined;
  }

  #send(
    payload: Datagram | (() => Datagram),
    fds?: readonly number[],
    onDrop?: (error: NotifyError) => void,
  ): boolean {
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.#address === undefined) return false;
    const datagram = typeof payload === "function" ? payload() : payload;
    if (datagram.length === 0) return false; // send({ READY: false }): nothing to send
    const sender = this.#sender ?? this.#open(this.#address);
    if (sender === undefined) return false;
    return sender.send(datagram, fds, onDrop);
  }

  /** The sender, made on the first send; `undefined` (and reported) when NOTIFY_SOCKET is malformed. */
  #open(address: NotifyAddress | NotifyError): QueuedSender | undefined {
    if (address instanceof NotifyError) {
      this.#report.failed(address);
      return undefined;
    }
    this.#sender = new QueuedSender(
      new NotifySocket(address, { sendTimeoutMs: this.#sendTimeoutMs }),
      this.#report,
    );
    dropped.register(this, this.#sender, this);
    return this.#sender;
  }
}

const READY: Announcements = { ready: true, reloading: false, stopping: false };
const RELOADING: Announcements = { ready: false, reloading: true, stopping: false };
const STOPPING: Announcements = { ready: false, reloading: false, stopping: true };

/**
 * Creates a {@linkcode Watchdog} for this process, reading the environment
 * once (Python's `systemd_watchdog.watchdog()`).
 *
 * @example
 * ```ts
 * import { watchdog } from "@x/systemd-watchdog";
 *
 * const wd = watchdog();
 * if (!wd.isEnabled) console.warn("not running under a systemd watchdog");
 * wd.ready();
 * ```
 */
export function watchdog(options?: WatchdogOptions): Watchdog {
  return new Watchdog(options);
}
