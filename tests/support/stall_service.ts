/**
 * A service with stall reports, sending to NOTIFY_SOCKET with WATCHDOG_USEC from its environment (and afterMs from
 * STALL_AFTER_MS, when set). It sets its status, says READY=1 and then, by its last argument: `blocks:A,B,...`
 * keeps alive and blocks its event loop in parseHugeThing() for A ms, then B ms, ..., 300 ms apart, and runs for
 * RUN_AFTER_MS (600 by default); `block:forever` keeps alive and then blocks for good; `no-ping:MS` runs MS
 * without pinging; `unhealthy:MS` runs MS with a keep-alive whose healthy() says no; `syscall:MS` keeps alive and
 * blocks MS in a system call (a child process run synchronously); `close-then-block:MS` closes its Watchdog, then
 * blocks for MS; `unhealthy-block:MS` blocks for MS while its keep-alive withholds pings; `no-ping-then-stop:MS` runs
 * MS without pinging, then says STOPPING=1 and runs 600 ms; `block-then-close:MS` blocks for MS, then says STOPPING=1,
 * closes its Watchdog at once and runs 600 ms. With NO_STATUS=1 it sets no status line. It never closes the Watchdog otherwise: it must exit by itself.
 */
import { execFileSync } from "node:child_process";
import process from "node:process";
import { watchdog } from "../../mod.ts";

const [mode, argument] = process.argv.at(-1)!.split(":");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const afterMs = process.env.STALL_AFTER_MS ? Number(process.env.STALL_AFTER_MS) : undefined;
const wd = watchdog({ stallReport: afterMs === undefined ? true : { afterMs } });
if (!process.env.NO_STATUS) wd.status("Serving");
wd.ready();

function parseHugeThing(ms: number): number {
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return spins;
}

if (mode === "blocks") {
  wd.keepAlive();
  for (const ms of argument.split(",").map(Number)) {
    await sleep(300);
    console.log(`blocking for ${ms} ms`);
    parseHugeThing(ms);
  }
  console.log("running again");
  await sleep(Number(process.env.RUN_AFTER_MS ?? 600));
} else if (mode === "block") {
  wd.keepAlive();
  await sleep(300);
  parseHugeThing(Infinity);
} else if (mode === "no-ping") {
  await sleep(Number(argument));
} else if (mode === "unhealthy") {
  wd.keepAlive({ healthy: () => "database unreachable", onUnhealthy: () => {} });
  await sleep(Number(argument));
} else if (mode === "unhealthy-block") {
  wd.keepAlive({ healthy: () => "database unreachable", onUnhealthy: () => {} });
  await sleep(300);
  parseHugeThing(Number(argument));
  await sleep(600);
} else if (mode === "no-ping-then-stop") {
  await sleep(Number(argument));
  wd.stopping();
  await sleep(600);
} else if (mode === "block-then-close") {
  wd.keepAlive();
  await sleep(300);
  parseHugeThing(Number(argument));
  wd.stopping();
  wd.close();
  await sleep(600);
} else if (mode === "syscall") {
  wd.keepAlive();
  await sleep(300);
  execFileSync("sleep", [String(Number(argument) / 1000)]);
  console.log("running again");
  await sleep(600);
} else if (mode === "close-then-block") {
  await sleep(100);
  wd.close();
  parseHugeThing(Number(argument));
  await sleep(300);
}
console.log("done");
