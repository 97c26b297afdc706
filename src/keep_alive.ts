/**
 * Automatic keep-alive pings, gated by an optional health check.
 *
 * @module
 */

import { invalid, NotifyError } from "./error.ts";
import { unref, unrefInterval } from "./unref_timer.ts";

/** Options for {@linkcode startKeepAlive} and `Watchdog.keepAlive()`. */
export interface KeepAliveOptions {
  /** The time between pings, as a fraction of the watchdog interval. @default {0.5} */
  fraction?: number;
  /**
   * Asked before each ping whether the service is healthy; no ping is sent
   * unless it answers `true`, so a wedged service is restarted by systemd.
   * May be async. @default {always healthy}
   */
  healthy?: () => boolean | Promise<boolean>;
  /** How long an async `healthy()` may take; a later answer counts as unhealthy. @default {the time between pings} */
  healthyTimeoutMs?: number;
  /** Receives what went wrong: a failed send, or a `healthy()` that threw or timed out. @default {console.error} */
  onError?: (error: unknown) => void;
}

/** A running keep-alive. */
export interface KeepAlive {
  /** Whether it is still pinging. */
  readonly active: boolean;
  /** Stops pinging. Safe to call more than once. */
  stop(): void;
  /** Same as {@linkcode KeepAlive.stop}. */
  [Symbol.dispose](): void;
}

/** An inactive keep-alive: what a watchdog that is off gets. */
export const INACTIVE_KEEP_ALIVE: KeepAlive = { active: false, stop() {}, [Symbol.dispose]() {} };

function withDeadline(answer: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: unknown;
  const late = new Promise<boolean>((_, reject) => {
    timer = setTimeout(
      () => reject(new NotifyError("ETIMEDOUT", `Keep-alive skipped: healthy() did not answer within ${ms} ms`)),
      ms,
    );
    unref(timer);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer as number));
}

/**
 * Calls `ping` every `fraction` of `intervalMs` while `healthy()` says so,
 * from a timer that never keeps the process alive. A blocked event loop stops
 * the pings, as it should.
 *
 * @throws {NotifyError} `EINVAL` for a fraction outside (0, 1).
 *
 * @example
 * ```ts
 * import { startKeepAlive } from "./keep_alive.ts";
 *
 * using keepAlive = startKeepAlive(10_000, () => console.log("WATCHDOG=1"), { fraction: 0.25 });
 * ```
 */
export function startKeepAlive(intervalMs: number, ping: () => void, options: KeepAliveOptions = {}): KeepAlive {
  const fraction = options.fraction ?? 0.5;
  if (!(fraction > 0 && fraction < 1)) {
    throw invalid(`Cannot keep alive: fraction ${fraction} must be between 0 and 1 (exclusive)`);
  }
  const periodMs = intervalMs * fraction;
  const { healthy } = options;
  const healthyTimeoutMs = options.healthyTimeoutMs ?? periodMs;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  let busy = false; // an async healthy() still answering: do not ask twice

  const pingIf = (isHealthy: boolean) => {
    if (isHealthy && active) ping();
  };
  const tick = () => {
    if (busy) return;
    try {
      const answer = healthy ? healthy() : true;
      if (typeof answer === "boolean") return pingIf(answer);
      busy = true;
      withDeadline(answer, healthyTimeoutMs).then(pingIf).catch(onError).finally(() => (busy = false));
    } catch (error) {
      onError(error);
    }
  };

  let active = true;
  const clear = unrefInterval(tick, periodMs);
  const stop = () => {
    active = false;
    clear();
  };
  return {
    get active() {
      return active;
    },
    stop,
    [Symbol.dispose]: stop,
  };
}
