/**
 * One measurement for bench/stall_report.ts: a Watchdog with stall reports on or off (the last argument), under a
 * 10 s watchdog, sending to a receiver of its own. Prints one JSON line: how long watchdog() and ready() took (ms), RSS once
 * the helper thread has settled (bytes), and what one notify() costs (ns, the median of 5 runs of 20000).
 */
import process from "node:process";
import { watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";

const on = process.argv.at(-1) === "on";
const fake = await FakeNotifySocket.open();
const started = performance.now();
const wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: "10000000" }, stallReport: on });
wd.ready(); // the helper thread starts here: reports run from READY=1 to STOPPING=1
const createMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 1000));
const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  for (let i = 0; i < 20_000; i++) wd.notify();
  runs.push(((performance.now() - t0) * 1e6) / 20_000);
  await new Promise((resolve) => setTimeout(resolve, 50)); // lets the receiver drain
}
runs.sort((a, b) => a - b);
const rss = process.memoryUsage().rss;
console.log(JSON.stringify({ createMs, rss, notifyNs: runs[2] }));
wd.close();
fake.close();
