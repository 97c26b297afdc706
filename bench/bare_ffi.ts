/**
 * One side of the bare-FFI comparison (bench/floor.ts), on whichever runtime runs this file:
 *   RUNTIME bench/bare_ffi.ts bare|bare-sendmsg|ours CASE N ADDRESS
 * `bare` sends CASE's datagram N times through the runtime's own FFI with nothing around it: libc opened by name,
 * `socket()` and `connect()` once, then `send()` of the same bytes (their address and length taken once, as fast as
 * each runtime allows); `bare-sendmsg` the same with `sendmsg()` and a msghdr built once, as this package sends.
 * `ours` makes the same N calls through this package, as its users import it (the built dist/, or the mod.js that
 * BENCH_OURS names). Each warms up first, then prints one JSON object: nanoseconds per call, the process's RSS in MB
 * at the end, and what importing and opening (up to the first send's return) and then the sends added to it. */
import process from "node:process";
import { bareSend } from "./bare_send.ts";
import { DATAGRAMS, FLOOR_CASES, PING_NOT_DUE } from "./messages.ts";

const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("bare_ffi.ts")) + 1);
const [side, name, n, address] = [args[0], args[1], Number(args[2]), args[3]];
if (!FLOOR_CASES.includes(name) && !(name === PING_NOT_DUE && side === "ours")) throw new Error(`unknown case ${name}`);
const WARM_UP = 10_000; // as bench/breakdown.ts

/** How many messages of ours wait behind a full receiver (the Watchdog's `queued`; sdNotify() never queues). */
let queued = () => 0;

/** The call of ours that sends CASE's datagram. */
async function oursSend(): Promise<() => unknown> {
  // dist/, as users import it; BENCH_OURS names another build's mod.js (bench/since.ts)
  const { sdNotify, watchdog }: typeof import("@x/systemd-watchdog") = await import(
    process.env.BENCH_OURS ?? "@x/systemd-watchdog"
  );
  const env = { NOTIFY_SOCKET: address };
  // As under WatchdogSec=30s: a Watchdog that tracks its pings' due time.
  const wd = watchdog({ env: { ...env, WATCHDOG_USEC: "30000000" } });
  queued = () => wd.queued;
  const status = DATAGRAMS["wd.status(100 bytes)"].slice("STATUS=".length);
  return {
    [PING_NOT_DUE]: () => wd.ping(),
    "wd.notify()": () => wd.notify(),
    'sdNotify("WATCHDOG=1")': () => sdNotify("WATCHDOG=1", { env }),
    "wd.status(100 bytes)": () => wd.status(status),
    "sdNotify({4 assignments})": () =>
      sdNotify({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" }, { env }),
  }[name]!;
}

const rssMB = () => ("Deno" in globalThis ? Deno.memoryUsage().rss : process.memoryUsage.rss()) / 2 ** 20;
const startMB = rssMB();
const bytes = new TextEncoder().encode(DATAGRAMS[name] ?? "");
const call = side === "ours"
  ? await oursSend()
  : await bareSend(bytes, side === "bare-sendmsg" ? "sendmsg" : "send", address);
call(); // the first send: libc is open once it returns
const openMB = rssMB();
for (let i = 0; i < WARM_UP; i++) call();
// A ping not due takes about 50 ns: twenty times the calls, so that its loop runs as long as a send's.
const count = name === PING_NOT_DUE ? 20 * n : n;
const started = performance.now();
for (let i = 0; i < count; i++) call();
const ns = ((performance.now() - started) * 1e6) / count;
// The last call sent: the bare call's byte count, or ours returning true (not queued: a queued message would not be a
// send, and the Watchdog says so through `queued`); a ping not due returns false.
const last = call();
if (side === "ours" ? last !== (name !== PING_NOT_DUE) || queued() > 0 : Number(last) !== bytes.length) {
  throw new Error(`${side} ${name}: the last call did not send`);
}
const endMB = rssMB();
// RSS at the end, and what each stage added: importing and opening (up to the first send's return), then the sends.
console.log(JSON.stringify({ ns, rssMB: endMB, openedMB: openMB - startMB, sentMB: endMB - openMB }));
