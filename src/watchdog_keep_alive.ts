import {
  INACTIVE_KEEP_ALIVE,
  type KeepAlive,
  type KeepAliveActions,
  type KeepAliveOptions,
  startKeepAlive,
} from "./keep_alive.ts";

/**
 * Holds the keep-alive a service asked for and follows the watchdog with it: it pings while the watchdog is on, pauses
 * while it is off (not enabled yet, or an interval of 0), and restarts at the new pace when the interval changes, until
 * stopped.
 *
 * @example
 * ```ts
 * import { WatchdogKeepAlive } from "./watchdog_keep_alive.ts";
 *
 * const actions = { ping() {}, status() {}, serviceStatus: () => undefined, unhealthy: false };
 * const keepAlive = new WatchdogKeepAlive(actions);
 * const handle = keepAlive.start({}, 0); // asked for while the watchdog is off: paused
 * keepAlive.follow(2000); // the watchdog was turned on: pinging every second
 * handle.stop();
 * ```
 */
export class WatchdogKeepAlive {
  #actions: KeepAliveActions;
  /** What the service asked for; `undefined` when it asked for none, or stopped it. */
  #options: KeepAliveOptions | undefined;
  #handle: KeepAlive | undefined;
  #running: KeepAlive = INACTIVE_KEEP_ALIVE;

  /** @param actions What the keep-alive sends; one for the life of the Watchdog, so unhealthiness carries over. */
  constructor(actions: KeepAliveActions) {
    this.#actions = actions;
  }

  /**
   * Asks for a keep-alive with `options`, replacing the one asked for before, and runs it at once if the watchdog is on
   * (`intervalMs` above 0). Returns its handle: `active` while it pings, `stop()` ends it for good.
   */
  start(options: KeepAliveOptions, intervalMs: number): KeepAlive {
    this.stop();
    this.#options = options;
    const current = () => this.#handle === handle;
    const pinging = () => this.#running.active;
    const stop = () => {
      if (current()) this.stop();
    };
    const handle: KeepAlive = {
      get active() {
        return current() && pinging();
      },
      stop,
      [Symbol.dispose]: stop,
    };
    this.#handle = handle;
    this.follow(intervalMs);
    return handle;
  }

  /** Follows a new watchdog interval: 0 pauses the keep-alive asked for, another (re)starts it at that pace. */
  follow(intervalMs: number): void {
    this.#running.stop();
    this.#running = this.#options !== undefined && intervalMs > 0
      ? startKeepAlive(intervalMs, this.#actions, this.#options)
      : INACTIVE_KEEP_ALIVE;
  }

  /** Stops the keep-alive for good; it runs again only when asked for again. */
  stop(): void {
    this.#running.stop();
    this.#running = INACTIVE_KEEP_ALIVE;
    this.#options = undefined;
    this.#handle = undefined;
  }
}
