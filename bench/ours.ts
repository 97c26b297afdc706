/**
 * This package's cost per call, on whichever runtime runs this file:
 *   deno run --allow-all bench/ours.ts N ADDRESS SENDER [CASE...]  |  bun bench/ours.ts N ADDRESS SENDER [CASE...]
 * Runs the named cases (default: all), each warmed up, then in ten slices
 * interleaved with the other cases' (so that a noisy moment does not land on
 * one case). Just before each slice of a send path, the C SENDER (bench/c/sender.c)
 * sends the same datagram as many times, with send() and with sendto() (with
 * sendmsg() and the descriptor for sdNotifyWithFds): the ratio of the slice to
 * the faster of those is taken in pairs a fraction of a second apart, which the
 * host's noise, coming and going over seconds, mostly spares. Prints one JSON
 * object: for each case, the median slice's nanoseconds per call (`ns`) and
 * the median of its ratios (`ratio`). SENDER `-` measures ours alone.
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { sdNotify, sdNotifyWithFds, watchdog } from "../mod.ts";
import { cModesOf, DATAGRAMS, PASSED_FD, STATUS_100 } from "./messages.ts";

const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("ours.ts")) + 1);
const [n, address, sender, ...chosen] = [Number(args[0]), args[1], args[2], ...args.slice(3)];
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

/** C sending what `name` sends, `count` times, the faster way; undefined for a case that sends nothing. */
function cSlice(name: string, count: number): number | undefined {
  const datagram = DATAGRAMS[name];
  if (datagram === undefined || sender === "-") return undefined; // SENDER "-": ours alone, no pairs
  return Math.min(
    ...cModesOf(name).map((mode) => {
      const result = spawnSync(sender, [mode, String(count), address, datagram], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`${sender} ${mode} failed: ${result.stderr}`);
      return Number(result.stdout);
    }),
  );
}

for (const name of names) measure(Math.min(cases[name][0], 10_000), cases[name][1]); // warm-up, JIT
const slices: Record<string, number[]> = {};
const ratios: Record<string, number[]> = {};
for (let slice = 0; slice < SLICES; slice++) {
  for (const name of names) {
    const [count, call] = cases[name];
    const c = cSlice(name, Math.ceil(count / SLICES));
    measure(1000, call); // warm again: this process slept while C ran
    const ns = measure(Math.ceil(count / SLICES), call);
    (slices[name] ??= []).push(ns);
    if (c !== undefined) (ratios[name] ??= []).push(ns / c);
    // A Watchdog queues (and coalesces) behind a receiver that falls behind: then these would not be sends.
    if (wd.queued > 0) throw new Error(`${name}: the receiver fell behind and ${wd.queued} messages were queued`);
  }
}
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = (of: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(of).map(([name, values]) => [name, median(values)]));
console.log(JSON.stringify({ ns: medians(slices), ratio: medians(ratios) }));
