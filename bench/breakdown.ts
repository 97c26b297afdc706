/**
 * Where a send's time goes, step by step, on whichever runtime runs this file:
 *   deno run --allow-all bench/breakdown.ts N ADDRESS  |  bun bench/breakdown.ts N ADDRESS  |  node bench/breakdown.ts N ADDRESS
 * (`npm run bench:breakdown` builds the receiver and runs it on all three.) Each step runs in ten slices
 * interleaved with the others' and prints the median slice's nanoseconds per call, as one JSON object. Steps
 * without a system call show what a layer costs when measured alone; with the system call in between, the same work
 * costs more (the caches it used are cold after each one), so the send paths are measured whole, too.
 */
import process from "node:process";
import { sdNotify, watchdog } from "../mod.ts";
import { formatState, NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { loadLibc } from "../ffi/runtime.ts";
import { AF_UNIX, IOVEC, MSG_NOSIGNAL, MSGHDR, SOCK_CLOEXEC, SOCK_DGRAM } from "../src/linux.ts";
import { statusDatagram, statusText } from "../src/status_line.ts";
import { monotonicMsClock } from "../src/monotonic.ts";
import { DATAGRAMS, STATUS_100 } from "./messages.ts";

const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("breakdown.ts")) + 1);
const [n, address] = [Number(args[0]), args[1]];
const env = { NOTIFY_SOCKET: address };
const encoder = new TextEncoder();
const FOUR = DATAGRAMS["sdNotify({4 assignments})"];
const four = () => ({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" });

// libc's sendmsg() on a connected socket with a msghdr built once, as C would do it, through this package's libc
// table: the symbol itself on Deno and Bun, on Node.js behind the wrapper that passes buffers as addresses.
const libc = loadLibc();
const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
const { sockaddr } = parseNotifyAddress(address);
if (libc.connect(fd, sockaddr, sockaddr.length) !== 0) throw new Error(`connect(${address}) failed`);
const payload = encoder.encode("WATCHDOG=1");
const msghdr = new Uint8Array(MSGHDR.size + IOVEC.size);
const view = new DataView(msghdr.buffer);
view.setBigUint64(MSGHDR.iov, libc.addressOf(msghdr.subarray(MSGHDR.size)), true);
view.setBigUint64(MSGHDR.iovlen, 1n, true);
view.setBigUint64(MSGHDR.size + IOVEC.base, libc.addressOf(payload), true);
view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(payload.length), true);

const socket = new NotifySocket(parseNotifyAddress(address));
const bytes = { watchdog: encoder.encode("WATCHDOG=1"), four: encoder.encode(FOUR) };
// As under WatchdogSec=30s, as in bench/floor.ts: notify() reads the clock for the due time.
const wd = watchdog({ env: { ...env, WATCHDOG_USEC: "30000000" }, sendTimeoutMs: 1000 });
const clock = monotonicMsClock();

const steps: Record<string, () => unknown> = {
  "libc sendmsg() through loadLibc()": () => {
    if (libc.sendmsg(fd, msghdr, MSG_NOSIGNAL) !== payload.length) throw new Error(`sendmsg(): errno ${libc.errno()}`);
  },
  "NotifySocket.send(bytes of WATCHDOG=1)": () => socket.send(bytes.watchdog),
  'sdNotify("WATCHDOG=1")': () => sdNotify("WATCHDOG=1", { env }),
  "the Watchdog's clock, no send": () => clock(),
  "wd.notify()": () => wd.notify(),
  "statusText(100 bytes), no send": () => statusDatagram(statusText(STATUS_100)),
  "NotifySocket.send(text of STATUS=100 bytes)": () => socket.send(`STATUS=${STATUS_100}`),
  "wd.status(100 bytes)": () => wd.status(STATUS_100),
  "formatState({4 assignments}), no send": () => formatState(four()),
  "NotifySocket.send(bytes of 4 assignments)": () => socket.send(bytes.four),
  "NotifySocket.send(text of 4 assignments)": () => socket.send(FOUR),
  "sdNotify({4 assignments})": () => sdNotify(four(), { env }),
  "performance.now(), no send": () => performance.now(),
};

function measure(count: number, call: () => unknown): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) call();
  return ((performance.now() - start) * 1e6) / count;
}

for (const step of Object.values(steps)) measure(10_000, step); // warm-up, JIT
const slices: Record<string, number[]> = {};
for (let slice = 0; slice < 10; slice++) {
  for (const [name, step] of Object.entries(steps)) (slices[name] ??= []).push(measure(Math.ceil(n / 10), step));
}
libc.close(fd);
socket.close();
wd.close();
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify(Object.fromEntries(Object.entries(slices).map(([name, values]) => [name, median(values)]))));
