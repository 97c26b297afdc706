/**
 * This package's cost per call, on whichever runtime runs this file:
 *   deno run --allow-all bench/ours.ts N ADDRESS [CASE...]  |  bun bench/ours.ts N ADDRESS [CASE...]
 * Runs the named cases (default: all) in the order given and prints one JSON
 * object: nanoseconds per call for each.
 */
import process from "node:process";
import { sdNotify, watchdog } from "../mod.ts";

const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("ours.ts")) + 1);
const [n, address, ...chosen] = [Number(args[0]), args[1], ...args.slice(2)];
const env = { NOTIFY_SOCKET: address };
const status100 = "S".repeat(100);
const wd = watchdog({ env, sendTimeoutMs: 1000 });
// An interval so long that ping() is never due: it must cost no syscall at all.
const idle = watchdog({ env: { ...env, WATCHDOG_USEC: String(10n ** 12n) } });

function measure(count: number, call: () => unknown): number {
  for (let i = 0; i < Math.min(count, 10_000); i++) call(); // warm-up, JIT
  const start = performance.now();
  for (let i = 0; i < count; i++) call();
  return ((performance.now() - start) * 1e6) / count;
}

const cases: Record<string, () => number> = {
  "wd.notify()": () => measure(n, () => wd.notify()),
  'sdNotify("WATCHDOG=1")': () => measure(n, () => sdNotify("WATCHDOG=1", { env })),
  "wd.status(100 bytes)": () => measure(n, () => wd.status(status100)),
  "sdNotify({4 assignments})": () =>
    measure(n, () => sdNotify({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" }, { env })),
  "wd.ping() not due": () => measure(n * 10, () => idle.ping()),
};
const results: Record<string, number> = {};
for (const name of chosen.length > 0 ? chosen : Object.keys(cases)) {
  results[name] = cases[name]();
  // A Watchdog queues (and coalesces) behind a receiver that falls behind: then these would not be sends.
  if (wd.queued > 0) throw new Error(`${name}: the receiver fell behind and ${wd.queued} messages were queued`);
}
console.log(JSON.stringify(results));
