import { type NotifyError, refused } from "./error.ts";
import { type EnvironmentSource, processId, readVariable, unsetVariables } from "./environment.ts";
import { UINT64_MAX } from "./linux.ts";
import { parsePid, parseUnsigned } from "./parse_integer.ts";

/** Options for {@linkcode sdWatchdogEnabled} and {@linkcode readWatchdogEnvironment}. */
export interface WatchdogEnabledOptions {
  /** Remove `WATCHDOG_USEC` and `WATCHDOG_PID` afterwards, as sd_watchdog_enabled(3) does. @default {false} */
  unsetEnvironment?: boolean;
  /** Where to read the variables. @default {the process environment} */
  env?: EnvironmentSource;
  /** The id of the process asking. @default {the current process id} */
  pid?: number;
}

/** What the watchdog variables say: an interval, nothing, or why they are malformed. */
export type WatchdogEnvironment =
  | { enabled: true; usec: bigint }
  | { enabled: false; reason: "unset" }
  | { enabled: false; reason: "other-process"; pid: number }
  | { enabled: false; reason: "malformed"; error: NotifyError };

const USEC_INFINITY = UINT64_MAX; // systemd's "no timeout"

function malformed(code: "EINVAL" | "ERANGE", name: string, value: string, rule: string): WatchdogEnvironment {
  return {
    enabled: false,
    reason: "malformed",
    error: refused(
      "Cannot read the watchdog interval",
      `${name}=${JSON.stringify(value)} is not ${rule}; fix the unit's environment or unset ${name}`,
      code,
    ),
  };
}

/**
 * Reads `WATCHDOG_USEC` and `WATCHDOG_PID` exactly as libsystemd does, without
 * throwing. The interval is exact (a `bigint` of microseconds).
 *
 * @example
 * ```ts
 * import { readWatchdogEnvironment } from "@x/systemd-watchdog/advanced";
 *
 * const state = readWatchdogEnvironment({ env: { WATCHDOG_USEC: "5000000" } });
 * if (state.enabled) console.log(state.usec); // 5000000n
 * ```
 */
export function readWatchdogEnvironment(options: WatchdogEnabledOptions = {}): WatchdogEnvironment {
  const usecText = readVariable(options.env, "WATCHDOG_USEC");
  const pidText = usecText === undefined ? undefined : readVariable(options.env, "WATCHDOG_PID");
  try {
    if (usecText === undefined) return { enabled: false, reason: "unset" };
    const usec = parseUnsigned(usecText);
    if ("error" in usec) return malformed(usec.error, "WATCHDOG_USEC", usecText, "a number of microseconds");
    if (usec.value === 0n || usec.value === USEC_INFINITY) {
      return malformed("EINVAL", "WATCHDOG_USEC", usecText, "a finite, non-zero number of microseconds");
    }
    if (pidText !== undefined) {
      const pid = parsePid(pidText);
      if ("error" in pid) return malformed(pid.error, "WATCHDOG_PID", pidText, "a valid process id");
      if (Number(pid.value) !== (options.pid ?? processId())) {
        return { enabled: false, reason: "other-process", pid: Number(pid.value) };
      }
    }
    return { enabled: true, usec: usec.value };
  } finally {
    if (options.unsetEnvironment) {
      unsetVariables(options.env, ["WATCHDOG_USEC", "WATCHDOG_PID"]);
    }
  }
}

/**
 * Mirrors sd_watchdog_enabled(3): the watchdog interval in microseconds when the service manager expects keep-alive
 * pings from this process, `0` when it does not (unset, or `WATCHDOG_PID` names another process).
 *
 * Intervals above `Number.MAX_SAFE_INTEGER` µs (285 years) are rounded; use {@linkcode readWatchdogEnvironment} (from
 * `@x/systemd-watchdog/advanced`) for the exact `bigint`.
 * @throws {NotifyError} `EINVAL` or `ERANGE`, as libsystemd returns them, when `WATCHDOG_USEC` or `WATCHDOG_PID` is
 * malformed (not a number, `0`, 2^64-1, out of range).
 *
 * @example Ping at half the interval
 * ```ts
 * import { sdNotify, sdWatchdogEnabled } from "@x/systemd-watchdog";
 *
 * const usec = sdWatchdogEnabled();
 * if (usec > 0) setInterval(() => sdNotify("WATCHDOG=1"), usec / 2000);
 * ```
 */
export function sdWatchdogEnabled(options: WatchdogEnabledOptions = {}): number {
  const state = readWatchdogEnvironment(options);
  if (state.enabled) return Number(state.usec);
  if (state.reason === "malformed") throw state.error;
  return 0;
}

/**
 * Why a unit's watchdog will get no pings from this process although it has one: `WATCHDOG_PID` names another process,
 * or the variables are malformed; `undefined` otherwise (enabled, or no watchdog).
 *
 * @example
 * ```ts
 * import { noPingsReason, readWatchdogEnvironment } from "./watchdog_enabled.ts";
 *
 * const state = readWatchdogEnvironment({ env: { WATCHDOG_USEC: "5000000", WATCHDOG_PID: "1" }, pid: 42 });
 * noPingsReason(state, 42); // "WATCHDOG_PID=1 is not this process (42): ..."
 * ```
 */
export function noPingsReason(state: WatchdogEnvironment, pid: number | undefined): string | undefined {
  if (state.enabled || state.reason === "unset") return undefined;
  if (state.reason === "malformed") return `${state.error.message}; this Watchdog sends no pings`;
  return `WATCHDOG_PID=${state.pid} is not this process (${pid ?? processId()}): systemd expects watchdog pings ` +
    "from that process and kills the service without them, and under NotifyAccess=main (the default) it ignores " +
    "every message from this one; make the runtime the unit's main process (ExecStart= it, or exec it)";
}
