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
  return new RecordEnvironment(record);
}

// A class rather than an object of two closures: sdNotify() makes one per call (for `env`, and for process.env on
// Bun and Node.js), and a class's methods are made once (docs/performance.md measures what closures cost).
class RecordEnvironment implements Environment {
  #record: Record<string, string | undefined>;

  constructor(record: Record<string, string | undefined>) {
    this.#record = record;
  }

  get(name: string): string | undefined {
    return this.#record[name];
  }

  delete(name: string): void {
    delete this.#record[name];
  }
}
