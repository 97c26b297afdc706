/**
 * Access to the process environment, injectable for tests.
 *
 * @module
 */

import { NotifyError } from "./error.ts";

/** A view of environment variables that can also remove them. */
export interface Environment {
  /** The variable's value, or `undefined` when it is not set. */
  get(name: string): string | undefined;
  /** Removes the variable, so that child processes do not inherit it. */
  delete(name: string): void;
}

/**
 * Where the library reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`:
 * an {@linkcode Environment}, or a plain object (whose keys are deleted by
 * `unsetEnvironment`).
 */
export type EnvironmentSource = Environment | Record<string, string | undefined>;

interface DenoEnvGlobal {
  Deno?: {
    env: { get(name: string): string | undefined; delete(name: string): void };
    pid?: number;
  };
  Bun?: { env: Record<string, string | undefined> };
  process?: { pid: number };
}

const runtime = globalThis as unknown as DenoEnvGlobal;

function permissionError(name: string): NotifyError {
  return new NotifyError(
    "EPERM",
    `Cannot read ${name}: Deno needs permission to read the environment; ` +
      `run with --allow-env (or --allow-env=NOTIFY_SOCKET,WATCHDOG_USEC,WATCHDOG_PID)`,
  );
}

/** Deno 2's NotCapable, or Deno 1's PermissionDenied: by name, as this file also runs on Bun. */
function isNotCapable(error: unknown): boolean {
  return error instanceof Error && (error.name === "NotCapable" || error.name === "PermissionDenied");
}

const denoEnvironment: Environment = {
  get(name) {
    try {
      return runtime.Deno!.env.get(name);
    } catch (error) {
      throw isNotCapable(error) ? permissionError(name) : error;
    }
  },
  delete(name) {
    try {
      runtime.Deno!.env.delete(name);
    } catch (error) {
      throw isNotCapable(error) ? permissionError(name) : error;
    }
  },
};

function recordEnvironment(record: Record<string, string | undefined>): Environment {
  return {
    get: (name) => record[name],
    delete: (name) => {
      delete record[name];
    },
  };
}

/**
 * The environment of this process: `Deno.env` on Deno, `Bun.env` on Bun.
 *
 * @example
 * ```ts
 * import { processEnvironment } from "./environment.ts";
 *
 * const socket = processEnvironment().get("NOTIFY_SOCKET");
 * ```
 */
export function processEnvironment(): Environment {
  if (runtime.Bun) return recordEnvironment(runtime.Bun.env);
  if (runtime.Deno) return denoEnvironment;
  throw new NotifyError(
    "ENOSYS",
    "Cannot read the environment: this runtime is neither Deno nor Bun; pass the `env` option",
  );
}

/**
 * Turns an {@linkcode EnvironmentSource} into an {@linkcode Environment};
 * `undefined` means the process environment.
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
  if (source === undefined) return processEnvironment();
  if (typeof source.get === "function" && typeof source.delete === "function") {
    return source as Environment;
  }
  return recordEnvironment(source as Record<string, string | undefined>);
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
  const pid = runtime.Deno?.pid ?? runtime.process?.pid;
  if (pid === undefined) {
    throw new NotifyError("ENOSYS", "Cannot tell this process's id: pass the `pid` option");
  }
  return pid;
}
