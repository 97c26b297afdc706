import { runtime } from "../ffi/runtime.ts";

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
 * The value of `name` in `source`, or `undefined` when it is not set; `source` `undefined` means the process environment.
 * Nothing is made per call: `sdNotify()` reads `NOTIFY_SOCKET` on each.
 *
 * @example
 * ```ts
 * import { readVariable } from "./environment.ts";
 *
 * readVariable({ NOTIFY_SOCKET: "@test" }, "NOTIFY_SOCKET"); // "@test"
 * ```
 */
export function readVariable(source: EnvironmentSource | undefined, name: string): string | undefined {
  const env = source ?? runtime.environment(); // Deno.env, Bun.env or process.env
  return isEnvironment(env) ? env.get(name) : env[name];
}

/**
 * The one way this package unsets variables (the `unsetEnvironment` option, libsystemd's `unset_environment`): removes
 * each of `names` from `source` (the process environment when `undefined`), so that child processes do not inherit them.
 *
 * @example
 * ```ts
 * import { unsetVariables } from "./environment.ts";
 *
 * const env = { WATCHDOG_USEC: "1000000", WATCHDOG_PID: "42" };
 * unsetVariables(env, ["WATCHDOG_USEC", "WATCHDOG_PID"]); // env is {}
 * ```
 */
export function unsetVariables(source: EnvironmentSource | undefined, names: readonly string[]): void {
  const env = source ?? runtime.environment();
  for (const name of names) {
    if (isEnvironment(env)) env.delete(name);
    else delete env[name];
  }
}

function isEnvironment(source: EnvironmentSource): source is Environment {
  return typeof source.get === "function" && typeof source.delete === "function";
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
