import type { Environment } from "./environment.ts";

/**
 * Reads and deletes the keys of `record`.
 *
 * @example
 * ```ts
 * import { recordEnvironment } from "./record_environment.ts";
 *
 * const env = recordEnvironment({ NOTIFY_SOCKET: "@test" });
 * env.get("NOTIFY_SOCKET"); // "@test"
 * env.delete("NOTIFY_SOCKET");
 * ```
 */
export function recordEnvironment(record: Record<string, string | undefined>): Environment {
  return {
    get: (name) => record[name],
    delete: (name) => void delete record[name],
  };
}
