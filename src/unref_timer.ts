import { runtime } from "../ffi/runtime.ts";

/**
 * Starts an interval that does not keep the process alive by itself.
 *
 * @example
 * ```ts
 * import { unrefInterval } from "./unref_timer.ts";
 *
 * const stop = unrefInterval(() => console.log("tick"), 1000);
 * stop();
 * ```
 */
export function unrefInterval(callback: () => void, ms: number): () => void {
  const timer: unknown = setInterval(callback, ms);
  unref(timer);
  return () => clearInterval(timer as number);
}

/**
 * Lets the process exit while `timer` is pending.
 *
 * @example
 * ```ts
 * import { unref } from "./unref_timer.ts";
 *
 * unref(setTimeout(() => console.log("only if something else keeps the process alive"), 1000));
 * ```
 */
export function unref(timer: unknown): void {
  runtime.unref(timer);
}
