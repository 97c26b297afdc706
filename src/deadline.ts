import { unref } from "./unref_timer.ts";

/** Options for {@linkcode withDeadline}. */
export interface DeadlineOptions {
  /** What the result rejects with once the time is up. */
  late: () => unknown;
  /** Whether the timer keeps the process alive while it waits (else it is unref'd). */
  keepsAlive: boolean;
  /** Rejects with its reason once aborted, clearing the timer. @default {undefined} */
  signal?: AbortSignal;
}

/**
 * Settles as `work` does, or rejects with `late()` once `ms` have passed (or with the reason of `signal`, once
 * aborted); an outcome after that is ignored. The timer is cleared either way.
 *
 * @example
 * ```ts
 * import { withDeadline } from "./deadline.ts";
 *
 * const answer = await withDeadline(Promise.resolve(42), 1000, {
 *   late: () => new Error("no answer within 1000 ms"),
 *   keepsAlive: false,
 * });
 * ```
 */
export function withDeadline<T>(work: Promise<T>, ms: number, options: DeadlineOptions): Promise<T> {
  let timer: unknown;
  let stop = () => {};
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(options.late()), ms);
    if (!options.keepsAlive) unref(timer);
    const { signal } = options;
    if (signal === undefined) return;
    const aborted = () => reject(signal.reason);
    if (signal.aborted) aborted();
    signal.addEventListener("abort", aborted, { once: true });
    stop = () => signal.removeEventListener("abort", aborted);
  });
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer as number);
    stop();
  });
}
