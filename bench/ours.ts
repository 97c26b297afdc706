/**
 * This package's cost per call, on whichever runtime runs this file:
 *   deno run --allow-all bench/ours.ts N ADDRESS [CASE...]  |  bun bench/ours.ts N ADDRESS [CASE...]
 * Runs the named cases (default: all), each warmed up, then in ten slices
 * interleaved with the other cases' (so that a noisy moment does not land on
 * one case), and prints one JSON object: for each, the median slice's
 * nanoseconds per call.
 */
import process from "node:process";
import { sdNotify, sdNotifyWithFds, watchdog } from "../mod.ts";
import { PASSED_FD, STATUS_100 } from "./messages.ts";

const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("ours.ts")) + 1);
const [n, address, ...chosen] = [Number(args[0]), args[1], ...args.slice(2)];
const env = { NOTIFY_SOCKET: address };
const wd = watchdog({ env, sendTimeoutMs: 1000 });
// An interval so long that ping() is never due: it must cost no syscall at all.
const idle = watchdog({ env: { ...env, WATCHDOG_USEC: String(10n ** 12n) } });

const SLICES = 10;

/** Nanoseconds per call over `count` calls. */
function measure(count: number, call: () => unknown): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) call();
  return ((performance.now() - start) * 1e6) / count;
}

// Each case: how many calls in all, and the call.
const cases: Record<string, [number, () => unknown]> = {
  "wd.notify()": [n, () => wd.notify()],
  'sdNotify("WATCHDOG=1")': [n, () => sdNotify("WATCHDOG=1", { env })],
  "wd.status(100 bytes)": [n, () => wd.status(STATUS_100)],
  "sdNotify({4 assignments})": [
    n,
    () => sdNotify({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" }, { env }),
  ],
  "sdNotifyWithFds(1 fd)": [n, () => sdNotifyWithFds({ FDSTORE: true, FDNAME: "bench" }, [PASSED_FD], { env })],
  "wd.ping() not due": [n * 10, () => idle.ping()],
};
const names = chosen.length > 0 ? chosen : Object.keys(cases);
for (const name of names) measure(Math.min(cases[name][0], 10_000), cases[name][1]); // warm-up, JIT
const slices: Record<string, number[]> = {};
for (let slice = 0; slice < SLICES; slice++) {
  for (const name of names) {
    const [count, call] = cases[name];
    (slices[name] ??= []).push(measure(Math.ceil(count / SLICES), call));
    // A Watchdog queues (and coalesces) behind a receiver that falls behind: then these would not be sends.
    if (wd.queued > 0) throw new Error(`${name}: the receiver fell behind and ${wd.queued} messages were queued`);
  }
}
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify(Object.fromEntries(names.map((name) => [name, median(slices[name])]))));
