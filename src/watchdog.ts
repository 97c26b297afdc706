/**
 * The `watchdog` class of Python's systemd_watchdog, in camelCase, on top of
 * the complete sd_notify(3) protocol.
 *
 * @module
 */

import { parseNotifyAddress } from "./address.ts";
import { type BarrierOptions, barrierThrough } from "./barrier.ts";
import { isNotifyDue } from "./due.ts";
import { type EnvironmentSource, toEnvironment } from "./environment.ts";
import { NotifyError } from "./error.ts";
import { INACTIVE_KEEP_ALIVE, type KeepAlive, type KeepAliveOptions, startKeepAlive } from "./keep_alive.ts";
import { encodeState, type NotifyState } from "./message.ts";
import { monotonicMsClock, monotonicUsec } from "./monotonic.ts";
import { NotifySocket } from "./notify_socket.ts";
import { readWatchdogEnvironment } from "./watchdog_enabled.ts";

/** Options for {@linkcode watchdog}. */
export interface WatchdogOptions {
  /** Where to read `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (once, now). @default {the process environment} */
  env?: EnvironmentSource;
  /**
   * A monotonic clock in milliseconds, for {@linkcode Watchdog.notifyDue}.
   * @default {CLOCK_MONOTONIC through FFI when the watchdog is enabled (cheaper than Deno's performance.now), else performance.now}
   */
  now?: () => number;
  /** This process's id, compared with `WATCHDOG_PID`. @default {the current process id} */
  pid?: number;
  /** Remove the three variables after reading them, so child processes do not inherit them. @default {false} */
  unsetEnvironment?: boolean;
  /** How long a send may wait for room in a full receiver queue before `EAGAIN`. @default {100} */
  sendTimeoutMs?: number;
  /** Start {@linkcode Watchdog.keepAlive} at once: `true`, or its options. @default {false} */
  keepAlive?: boolean | KeepAliveOptions;
}

type Usec = number | bigint;

const encoded = {
  watchdog: encodeState("WATCHDOG=1"),
  trigger: encodeState("WATCHDOG=trigger"),
  ready: encodeState("READY=1"),
  stopping: encodeState("STOPPING=1"),
};

/**
 * A client of the service manager for one process: keep-alive pings with
 * due-time tracking, and every sd_notify(3) assignment as a method. Every
 * sending method returns `true` when sent and `false` when `NOTIFY_SOCKET` is
 * unset, and throws {@linkcode NotifyError} when a message is refused or
 * cannot be sent.
 *
 * @example
 * ```ts
 * import { watchdog } from "@x/systemd-watchdog";
 *
 * using wd = watchdog();
 * wd.status("Starting my service...");
 * wd.ready();
 * setInterval(() => wd.ping(), 1000);
 * ```
 */
export class Watchdog {
  #socketText: string | undefined;
  #socket: NotifySocket | undefined;
  #timeoutUsec: number;
  #enabled: boolean;
  #now: () => number;
  #lastNotify: number;
  #sendTimeoutMs: number | undefined;
  #closed = false;
  #keepAlive: KeepAlive = INACTIVE_KEEP_ALIVE;
  #keepAliveOptions: KeepAliveOptions | undefined;

  /**
   * Reads the environment once.
   *
   * @param options Environment, clock and pid to use.
   */
  constructor(options: WatchdogOptions = {}) {
    const env = toEnvironment(options.env);
    this.#socketText = env.get("NOTIFY_SOCKET");
    const state = readWatchdogEnvironment({ env, pid: options.pid, unsetEnvironment: options.unsetEnvironment });
    if (options.unsetEnvironment) env.delete("NOTIFY_SOCKET");
    this.#enabled = this.#socketText !== undefined && state.enabled;
    this.#timeoutUsec = state.enabled ? Number(state.usec) : 0;
    // An enabled watchdog will send, so opening libc now costs no permission that sending would not.
    this.#now = options.now ?? (this.#enabled ? monotonicMsClock() : () => performance.now());
    this.#lastNotify = this.#now();
    this.#sendTimeoutMs = options.sendTimeoutMs;
    if (options.keepAlive) this.keepAlive(options.keepAlive === true ? {} : options.keepAlive);
  }

  /**
   * Whether the service manager expects keep-alive pings from this process:
   * `NOTIFY_SOCKET` is set and `WATCHDOG_USEC` holds a valid interval for this
   * pid. Malformed values make it `false`; it never throws.
   */
  get isEnabled(): boolean {
    return this.#enabled;
  }

  /** The watchdog interval in microseconds (an integer); 0 when not enabled. */
  get timeout(): number {
    return this.#enabled ? this.#timeoutUsec : 0;
  }

  /** {@linkcode Watchdog.timeout} in milliseconds (Python's `timeout_td`). */
  get timeoutMs(): number {
    return this.timeout / 1000;
  }

  /** Whether more than half the interval has passed since the last {@linkcode Watchdog.notify} (or creation). */
  get notifyDue(): boolean {
    return isNotifyDue(this.#lastNotify, this.#now(), this.timeout);
  }

  /** Sends `WATCHDOG=1` only when {@linkcode Watchdog.notifyDue}; returns whether it sent. */
  ping(): boolean {
    return this.notifyDue && this.notify();
  }

  /**
   * Pings by itself: `WATCHDOG=1` every half interval (or `fraction` of it)
   * from a timer that never keeps the process alive, while `healthy()` (if
   * given) says so. A blocked event loop stops the pings, so systemd restarts
   * a wedged service. Errors go to `onError`, never to an unhandled rejection.
   * Calling it again replaces the running keep-alive; `close()` stops it. Does
   * nothing (and returns an inactive handle) when {@linkcode Watchdog.isEnabled}
   * is false.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * let lastJobAt = Date.now();
   * const wd = watchdog();
   * wd.ready();
   * // Stop pinging, and let systemd restart us, when no job has finished for a minute.
   * wd.keepAlive({ healthy: () => Date.now() - lastJobAt < 60_000, onError: (e) => console.warn(e) });
   * ```
   */
  keepAlive(options: KeepAliveOptions = {}): KeepAlive {
    this.#keepAlive.stop();
    this.#keepAliveOptions = options;
    this.#keepAlive = this.#enabled
      ? startKeepAlive(this.timeoutMs, () => this.notify(), options)
      : INACTIVE_KEEP_ALIVE;
    return this.#keepAlive;
  }

  /** Alias of {@linkcode Watchdog.ping}, for heartbeat terminology. */
  beat(): boolean {
    return this.ping();
  }

  /** `WATCHDOG=1`: reports the service healthy. The only call that resets the due time. */
  notify(): boolean {
    const sent = this.#send(encoded.watchdog);
    if (sent) this.#lastNotify = this.#now();
    return sent;
  }

  /** `STATUS=msg` if given, then `WATCHDOG=trigger`: the service manager acts as on a missed ping. */
  notifyError(msg?: string): boolean {
    if (msg !== undefined) this.status(msg);
    return this.#send(encoded.trigger);
  }

  /** `READY=1`: start-up is complete (needed with `Type=notify`). */
  ready(): boolean {
    return this.#send(encoded.ready);
  }

  /** `STATUS=msg`: a one-line status shown by `systemctl status`. */
  status(msg: string): boolean {
    return this.send({ STATUS: msg });
  }

  /** `RELOADING=1` with `MONOTONIC_USEC` from CLOCK_MONOTONIC; send {@linkcode Watchdog.ready} when done. */
  reloading(): boolean {
    // The clock is read only when there is somewhere to send: it needs FFI.
    return this.#send(() => encodeState({ RELOADING: true, MONOTONIC_USEC: monotonicUsec() }));
  }

  /** `STOPPING=1`: the service is shutting down. */
  stopping(): boolean {
    return this.#send(encoded.stopping);
  }

  /** `EXTEND_TIMEOUT_USEC=usec`: ask for more time to start, reload or stop. */
  extendTimeout(usec: Usec): boolean {
    return this.send({ EXTEND_TIMEOUT_USEC: usec });
  }

  /**
   * `WATCHDOG_USEC=usec`: change the watchdog interval (systemd enables the
   * watchdog if it was off); due times follow the new one.
   */
  setWatchdogInterval(usec: Usec): boolean {
    const sent = this.send({ WATCHDOG_USEC: usec });
    if (sent) {
      this.#timeoutUsec = Number(usec);
      this.#enabled = true;
      if (this.#keepAlive.active) this.keepAlive(this.#keepAliveOptions); // at the new pace
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

  /** `EXIT_STATUS=n`: the exit status of the service (0-255). */
  exitStatus(n: number): boolean {
    return this.send({ EXIT_STATUS: n });
  }

  /** `MAINPID=pid`: the main process of the service, if not this one. */
  mainPid(pid: number): boolean {
    return this.send({ MAINPID: pid });
  }

  /** `NOTIFYACCESS=access`: who may send notifications for the service from now on. */
  notifyAccess(access: "none" | "main" | "exec" | "all"): boolean {
    return this.send({ NOTIFYACCESS: access });
  }

  /**
   * Resolves once the service manager has processed everything this Watchdog
   * sent before (sd_notify_barrier(3)); `false` without `NOTIFY_SOCKET`.
   *
   * @throws {NotifyError} `ETIMEDOUT` after `timeoutMs` (default 5000).
   */
  barrier(options?: BarrierOptions): Promise<boolean> {
    if (!this.#closed && this.#socketText === undefined) return Promise.resolve(false); // no FFI to open
    return barrierThrough((payload, fds) => this.#send(payload, fds), options);
  }

  /** Sends any state: `KEY=value` lines or an object of assignments, validated as {@linkcode sdNotify} does. */
  send(state: NotifyState): boolean {
    return this.#send(encodeState(state));
  }

  /** Stops the keep-alive and closes the socket. Sending afterwards throws `EBADF`. */
  close(): void {
    this.#keepAlive.stop();
    this.#closed = true;
    this.#socket?.close();
    this.#socket = undefined;
  }

  /** Same as {@linkcode Watchdog.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  #send(payload: Uint8Array | (() => Uint8Array), fds?: readonly number[]): boolean {
    if (this.#closed) {
      throw new NotifyError("EBADF", "Cannot send notification: this Watchdog was closed; create a new one");
    }
    if (this.#socketText === undefined) return false;
    if (typeof payload === "function") payload = payload();
    // A malformed NOTIFY_SOCKET throws here, at every send, and never opens a socket.
    this.#socket ??= new NotifySocket(parseNotifyAddress(this.#socketText), { sendTimeoutMs: this.#sendTimeoutMs });
    this.#socket.send(payload, undefined, fds);
    return true;
  }
}

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
