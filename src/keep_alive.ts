import { withDeadline } from "./deadline.ts";
import { describe } from "./describe.ts";
import { callHandler, writeLine } from "./error_report.ts";
import { NotifyError, refused } from "./error.ts";
import { integerOption, MAX_TIMER_MS } from "./numeric_option.ts";
import { statusText } from "./status_line.ts";
import { unrefInterval } from "./unref_timer.ts";

/** What `healthy()` answers: `true` when healthy; `false`, or a string saying why, when not. */
export type HealthAnswer = boolean | string;

/** Options for `Watchdog.keepAlive()`. */
export interface KeepAliveOptions {
  /** The time between pings, as a fraction of the watchdog interval: above 0, below 1. @default {0.5} */
  fraction?: number;
  /**
   * Asked before each ping whether the service is healthy; no ping is sent unless it answers `true`, so a wedged
   * service is restarted by systemd. `false`, a string (the reason), an exception or no answer within
   * `healthyTimeoutMs` all count as unhealthy. May be async.
   * @default {always healthy}
   */
  healthy?: () => HealthAnswer | Promise<HealthAnswer>;
  /**
   * How long an async `healthy()` may take (1 to 2147483647 ms) before it counts as unhealthy; keep it under the time
   * between pings, so that the status line saying so reaches systemd before the watchdog runs out.
   * @default {half the time between pings}
   */
  healthyTimeoutMs?: number;
  /**
   * Called with the reason when the service turns unhealthy (once per turn,
   * not at every check), after the `STATUS=` line saying so was sent.
   * @default {one line on stderr, and another when healthy again}
   */
  onUnhealthy?: (reason: string) => void;
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

/** What the keep-alive does through its watchdog. */
export interface KeepAliveActions {
  /** Sends `WATCHDOG=1`. Never throws. */
  ping(): void;
  /** Sends a `STATUS=` line (made safe as `status()` does). Never throws. */
  status(text: string): void;
  /** The last status line the service itself set, if any. */
  serviceStatus(): string | undefined;
  /** Whether the service was last found unhealthy; kept by the watchdog, so a new keep-alive carries it over. */
  unhealthy: boolean;
}

/** An inactive keep-alive: what a watchdog that is off gets. */
export const INACTIVE_KEEP_ALIVE: KeepAlive = { active: false, stop() {}, [Symbol.dispose]() {} };

/** The status line sent when the service turns unhealthy. */
export const unhealthyStatus = (reason: string): string => `Unhealthy, watchdog pings paused: ${reason}`;
const HEALTHY_AGAIN = " (healthy again)";

/**
 * The status line sent when it is healthy again: the service's own last one, marked, or a line saying so.
 *
 * @example
 * ```ts
 * import { healthyAgainStatus } from "./keep_alive.ts";
 *
 * healthyAgainStatus("Serving"); // "Serving (healthy again)"
 * ```
 */
export function healthyAgainStatus(serviceStatus: string | undefined): string {
  if (!serviceStatus) return "Healthy again, watchdog pings resumed";
  return statusText(serviceStatus, { reserveBytes: HEALTHY_AGAIN.length }) + HEALTHY_AGAIN; // the mark is never cut
}

/**
 * Checks keep-alive options where they are given, whether or not a keep-alive starts, and returns the fraction and
 * timeout (`undefined`: the period).
 * @throws {NotifyError} `EINVAL`, naming the option.
 *
 * @example
 * ```ts
 * import { checkKeepAliveOptions } from "./keep_alive.ts";
 *
 * checkKeepAliveOptions({ fraction: 0.25 }); // { fraction: 0.25, healthyTimeoutMs: undefined }
 * ```
 */
export function checkKeepAliveOptions(
  options: KeepAliveOptions,
): { fraction: number; healthyTimeoutMs: number | undefined } {
  if (typeof options !== "object" || options === null) throw refused("Cannot keep alive", "pass an options object");
  const fraction = options.fraction ?? 0.5;
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw refused("Cannot keep alive", `fraction is ${fraction}; pass a number above 0 and below 1`);
  }
  for (const name of ["healthy", "onUnhealthy"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw refused("Cannot keep alive", `${name} must be a function`);
    }
  }
  const healthyTimeoutMs = options.healthyTimeoutMs === undefined
    ? undefined
    : integerOption("Cannot keep alive", "healthyTimeoutMs", options.healthyTimeoutMs, 0, 1, MAX_TIMER_MS);
  return { fraction, healthyTimeoutMs };
}

function reasonOf(answer: unknown): string {
  if (typeof answer === "string" && answer !== "") return answer;
  return `healthy() answered ${typeof answer === "string" ? '""' : describe(answer)}`;
}

function thrownReason(error: unknown): string {
  if (error instanceof NotifyError && error.code === "ETIMEDOUT") return error.message;
  return `healthy() failed: ${describe(error)}`;
}

/**
 * Calls `ping` every `fraction` of `intervalMs` while `healthy()` says so, from a timer that never keeps the process
 * alive. A blocked event loop stops the pings, as it should. Turning unhealthy sends one status line saying why;
 * turning healthy again restores the service's own status, marked "(healthy again)", or says so.
 * @throws {NotifyError} `EINVAL` for a fraction outside (0, 1) or a bad `healthyTimeoutMs`.
 *
 * @example
 * ```ts
 * import { startKeepAlive } from "./keep_alive.ts";
 *
 * const actions = { ping() {}, status() {}, serviceStatus: () => undefined, unhealthy: false };
 * using keepAlive = startKeepAlive(10_000, actions, { fraction: 0.25 });
 * ```
 */
export function startKeepAlive(
  intervalMs: number,
  actions: KeepAliveActions,
  options: KeepAliveOptions = {},
): KeepAlive {
  const { fraction, healthyTimeoutMs: givenTimeoutMs } = checkKeepAliveOptions(options);
  // Capped: a longer delay would make the timer fire at once, again and again.
  const periodMs = Math.max(1, Math.min(Math.floor(intervalMs * fraction), MAX_TIMER_MS));
  // Half a period by default: a verdict at a full period would come as systemd kills (the last ping was a period before).
  const healthyTimeoutMs = givenTimeoutMs ?? Math.max(1, Math.floor(periodMs / 2));
  const { healthy, onUnhealthy } = options;
  let busy = false; // an async healthy() still answering: do not ask twice

  // Once per turn, not at every check: a reason that changes each time ("no job for 61 s") must not flood.
  const turnUnhealthy = (reason: string) => {
    if (!active || actions.unhealthy) return;
    actions.unhealthy = true;
    actions.status(unhealthyStatus(reason));
    if (onUnhealthy === undefined) return writeLine(`unhealthy, watchdog pings paused: ${reason}`);
    callHandler(onUnhealthy, reason, (thrown) => writeLine(`onUnhealthy threw: ${describe(thrown)}`));
  };
  const answered = (answer: unknown) => {
    if (answer !== true) return turnUnhealthy(reasonOf(answer));
    if (!active) return;
    actions.ping();
    if (!active || !actions.unhealthy) return; // the ping's onError may have closed the watchdog
    actions.unhealthy = false;
    actions.status(healthyAgainStatus(actions.serviceStatus()));
    if (onUnhealthy === undefined) writeLine("healthy again, watchdog pings resumed");
  };
  const tick = () => {
    if (busy) return;
    let answer: unknown;
    let thenable: boolean;
    try {
      answer = healthy ? healthy() : true;
      thenable = typeof (answer as Promise<unknown> | null)?.then === "function"; // a getter may throw too
    } catch (error) {
      return turnUnhealthy(thrownReason(error));
    }
    if (!thenable) return answered(answer);
    busy = true;
    withDeadline(Promise.resolve(answer as Promise<HealthAnswer>), healthyTimeoutMs, {
      late: () => new NotifyError("ETIMEDOUT", `healthy() did not answer within ${healthyTimeoutMs} ms`),
      keepsAlive: false,
    })
      .then(answered, (error) => turnUnhealthy(thrownReason(error)))
      .catch((error) => writeLine(`keep-alive failed: ${describe(error)}`)) // a bug of ours: never a crash
      .finally(() => (busy = false));
  };
  const guardedTick = () => {
    try {
      tick();
    } catch (error) {
      writeLine(`keep-alive failed: ${describe(error)}`);
    }
  };

  let active = true;
  const clear = unrefInterval(guardedTick, periodMs);
  // The first ping at once (once the code that started it has run), not a period later.
  queueMicrotask(() => active && guardedTick());
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
