/**
 * Soak: SOAK_COUNT (default 1,000,000) WATCHDOG=1 messages from one Watchdog to a
 * draining receiver in another process. Prints open fds and RSS after a warm-up
 * (a tenth of the messages), half-way and at the end, and how many messages
 * arrived; exits non-zero if any was lost, if fds grew, or if RSS grew in the
 * second half (heaps and JIT code settle during the first). Run by `npm run soak`.
 */
import { readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { watchdog } from "../mod.ts";
import { uniqueAddress } from "../tests/support/receiver.ts";
import { runScriptArgs, runtimeExecutable, runtimeName, start } from "../tests/support/spawn.ts";

const count = Number(process.env.SOAK_COUNT ?? 1_000_000);
const runtime = runtimeName;
const address = uniqueAddress("abstract");
const receiverScript = fileURLToPath(new URL("./soak_receiver.ts", import.meta.url));
const receiver = start(runtimeExecutable, [...runScriptArgs, receiverScript, address], { readyLine: "ready" });
await receiver.started;

const fds = () => readdirSync("/proc/self/fd").length;
const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

const wd = watchdog({ env: { NOTIFY_SOCKET: address }, sendTimeoutMs: 1000 });
const warmUp = Math.floor(count / 10);
const half = Math.floor(count / 2);
for (let i = 0; i < warmUp; i++) wd.notify();
const before = { fds: fds(), rss: rssMiB() };
const started = performance.now();
for (let i = warmUp; i < half; i++) wd.notify();
const middle = { fds: fds(), rss: rssMiB() };
for (let i = half; i < count; i++) wd.notify();
const seconds = (performance.now() - started) / 1000;
const after = { fds: fds(), rss: rssMiB() };
wd.status("done");
wd.close();
const received = Number((await receiver.finished).stdout.split("\n")[1]);

const mib = (value: number) => value.toFixed(1);
console.log(
  `${runtime}: sent ${count}, received ${received}; open fds ${before.fds} -> ${middle.fds} -> ${after.fds}; ` +
    `RSS ${mib(before.rss)} -> ${mib(middle.rss)} -> ${mib(after.rss)} MiB; ` +
    `${Math.round((count - warmUp) / seconds)} messages/s`,
);
// A leak of 8 bytes per message would add 4 MiB over the second half of a million messages.
const leakLimitMiB = (8 * (count - half)) / 2 ** 20;
const ok = received === count && after.fds <= before.fds && after.rss - middle.rss < leakLimitMiB;
if (!ok) console.log(`${runtime}: FAILED (lost messages, or fds or RSS grew)`);
process.exitCode = ok ? 0 : 1;
