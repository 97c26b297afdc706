import { runtime } from "../ffi/runtime.ts";
import { recordEnvironment } from "./record_environment.ts";

/** A view of environment variables that can also remove them. */
export interface Environment {
  /** The variable's value, or `undefined` when it is not set. */
  get(name: string): string | undefined;
  /** Removes the variable, so that child processes do not inherit it. */
  delete(name: string): void;
}

/**
 * Where the library reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`: an {@linkcode Environment}, or a plain
 * object (whose keys are deleted by `unsetEnvironment`).
 */
export type EnvironmentSource = Environment | Record<string, string | undefined>;

/**
 * Turns an {@linkcode EnvironmentSource} into an {@linkcode Environment}; `undefined` means the process environment.
 *
 * @example
 * ```ts
 * import { toEnvironment } from "./environment.ts";
 *
 * const env = toEnvironment({ NOTIFY_SOCKET: "@test" });
 * env.get("NOTIFY_SOCKET"); // "@test"
 * ```
 */
export function toEnvironment(source?: EnvironmentSource): Environment {
  if (source === undefined) return runtime.environment(); // Deno.env, Bun.env or process.env
  if (typeof source.get === "function" && typeof source.delete === "function") {
    return source as Environment;
  }
  return recordEnvironment(source as Record<string, string | undefined>);
}

/**
 * The one way this package unsets variables (the `unsetEnvironment` option, libsystemd's `unset_environment`): removes
 * each of `names` from `env`, so that child processes do not inherit them.
 *
 * @example
 * ```ts
 * import { toEnvironment, unsetVariables } from "./environment.ts";
 *
 * const env = toEnvironment({ WATCHDOG_USEC: "1000000", WATCHDOG_PID: "42" });
 * unsetVariables(env, ["WATCHDOG_USEC", "WATCHDOG_PID"]);
 * ```
 */
export function unsetVariables(env: Environment, names: readonly string[]): void {
  for (const name of names) env.delete(name);
}

/**
 * The id of this process, as the runtime reports it.
 *
 * @example
 * ```ts
 * import { processId } from "./environment.ts";
 *
 * console.log(processId());
 * ```
 */
export function processId(): number {
  return runtime.pid();
}
