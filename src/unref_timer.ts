/**
 * Timers that do not keep the process alive, on either runtime.
 *
 * @module
 */

/**
 * Starts an interval that does not keep the process alive by itself: Bun's
 * (and Node's) timers are objects with `unref()`, Deno's are numbers passed
 * to `Deno.unrefTimer()`.
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

/** Lets the process exit while `timer` is pending. */
export function unref(timer: unknown): void {
  if (typeof timer === "object" && timer !== null && "unref" in timer) {
    (timer as { unref(): void }).unref();
    return;
  }
  const deno = (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno;
  deno?.unrefTimer?.(timer as number);
}
