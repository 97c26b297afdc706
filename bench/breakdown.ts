/**
 * Where a send's time goes, step by step: one step per process, so that each runs as a service's one send path would
 * (a loop calling one function, which the runtime compiles for that call alone), on whichever runtime runs this file:
 *   deno run --allow-all bench/breakdown.ts STEP N ADDRESS  |  bun bench/breakdown.ts STEP N ADDRESS  |  node ...
 * It warms up, then times N calls and prints the nanoseconds per call (every call counted, as in bench/bare_ffi.ts,
 * so that the layers and bench/floor.ts's comparison count alike). bench/run.ts runs every step on each runtime,
 * interleaved, and prints the differences between steps as the layers of each path.
 * Steps without a system call show what a layer costs when measured alone; with the system call in between, the same
 * work costs more (the caches it used are cold after each one), so the send paths are measured whole, too.
 */
import process from "node:process";
import { sdNotify, watchdog } from "../mod.ts";
import { formatState, NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { loadLibc, runtime } from "../ffi/runtime.ts";
import { libcNames } from "../ffi/libc_symbols.ts";
import { AF_UNIX, MSG_NOSIGNAL, SOCK_CLOEXEC, SOCK_DGRAM } from "../src/linux.ts";
import { statusDatagram, statusText } from "../src/status_line.ts";
import { monotonicMsClock } from "../src/monotonic.ts";
import { bareSend, msghdrOf } from "./bare_send.ts";
import { BREAKDOWN_STEPS, type BreakdownStep, DATAGRAMS, STATUS_100 } from "./messages.ts";

/** libc through this package's table, with a socket connected to `address` and a msghdr of WATCHDOG=1 built once. */
function connectedLibc(address: string) {
  const libc = loadLibc();
  const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const { sockaddr } = parseNotifyAddress(address);
  if (libc.connect(fd, sockaddr, sockaddr.length) !== 0) throw new Error(`connect(${address}) failed`);
  const msghdr = msghdrOf(new TextEncoder().encode("WATCHDOG=1"), (buffer) => libc.addressOf(buffer));
  return { libc, fd, msghdr };
}

const SENDMSG_OF_A_BUFFER = { sendmsg: { parameters: ["i32", "buffer", "i32"], result: "i32" } } as const;

/** The call `name` times, set up to send to `address`. */
async function stepCall(name: BreakdownStep, address: string): Promise<() => unknown> {
  const encoder = new TextEncoder();
  const env = { NOTIFY_SOCKET: address };
  const FOUR = DATAGRAMS["sdNotify({4 assignments})"];
  const four = () => ({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" });
  switch (name) {
    case "libc sendmsg(), the runtime's FFI alone":
      return await bareSend(encoder.encode("WATCHDOG=1"), "sendmsg", address);
    case "libc sendmsg() of STATUS=100 bytes, the runtime's FFI alone":
      return await bareSend(encoder.encode(DATAGRAMS["wd.status(100 bytes)"]), "sendmsg", address);
    case "libc sendmsg() of 4 assignments, the runtime's FFI alone":
      return await bareSend(encoder.encode(FOUR), "sendmsg", address);
    case "libc sendmsg() through loadLibc()": {
      const { libc, fd, msghdr } = connectedLibc(address);
      const message = libc.pointerTo(msghdr);
      return () => libc.sendmsg(fd, message, MSG_NOSIGNAL);
    }
    case "libc sendmsg() given the msghdr as a buffer": {
      // What passing sendmsg() a pointer made once saves: the msghdr as a buffer instead, which Deno and Bun take as
      // it is and this package's Node.js backend turns into its address in the wrapper every such symbol has there.
      const { fd, msghdr } = connectedLibc(address);
      const { sendmsg } = runtime.ffi.open(libcNames(runtime.ffi.arch), SENDMSG_OF_A_BUFFER);
      return () => sendmsg(fd, msghdr, MSG_NOSIGNAL);
    }
    case "sdNotify() of two 10-byte states in turn": {
      // What src/notify.ts's last state's bytes save: a state unlike the last is validated and sent as text each time.
      let turn = 0;
      return () => sdNotify(++turn % 2 ? "X_BENCH=10" : "X_BENCH=20", { env });
    }
    case "the Watchdog's clock, no send":
      return monotonicMsClock();
    case "statusText(100 bytes), no send":
      return () => statusDatagram(statusText(STATUS_100));
    case "formatState({4 assignments}), no send":
      return () => formatState(four());
    case "performance.now(), no send":
      return () => performance.now();
    case 'sdNotify("WATCHDOG=1")':
      return () => sdNotify("WATCHDOG=1", { env });
    case "sdNotify({4 assignments})":
      return () => sdNotify(four(), { env });
  }
  if (name.startsWith("NotifySocket.send")) {
    const socket = new NotifySocket(parseNotifyAddress(address));
    const payload = {
      "NotifySocket.send(bytes of WATCHDOG=1)": encoder.encode("WATCHDOG=1"),
      "NotifySocket.send(bytes of STATUS=100 bytes)": encoder.encode(`STATUS=${STATUS_100}`),
      "NotifySocket.send(text of STATUS=100 bytes)": `STATUS=${STATUS_100}`,
      "NotifySocket.send(bytes of 4 assignments)": encoder.encode(FOUR),
      "NotifySocket.send(text of 4 assignments)": FOUR,
    }[name as string]!;
    return () => socket.send(payload);
  }
  // As under WatchdogSec=30s, as in bench/floor.ts: notify() reads the clock for the due time.
  const wd = watchdog({ env: { ...env, WATCHDOG_USEC: "30000000" }, sendTimeoutMs: 1000 });
  return name === "wd.notify()" ? () => wd.notify() : () => wd.status(STATUS_100);
}

if (import.meta.main) {
  const args = process.argv.slice(process.argv.findIndex((arg) => arg.endsWith("breakdown.ts")) + 1);
  const [name, n, address] = [args[0] as BreakdownStep, Number(args[1]), args[2]];
  if (!BREAKDOWN_STEPS.includes(name)) throw new Error(`unknown step ${name}`);
  const call = await stepCall(name, address);
  for (let i = 0; i < 10_000; i++) call(); // warm-up, JIT
  const started = performance.now();
  for (let i = 0; i < n; i++) call();
  const ns = ((performance.now() - started) * 1e6) / n;
  // The libc steps return what sendmsg() sent: all of their datagram.
  const length = name.includes("STATUS")
    ? DATAGRAMS["wd.status(100 bytes)"].length
    : name.includes("4 assignments")
    ? DATAGRAMS["sdNotify({4 assignments})"].length
    : 10;
  if (name.startsWith("libc sendmsg") && Number(call()) !== length) {
    throw new Error(`${name}: the last call sent nothing`);
  }
  console.log(JSON.stringify({ ns }));
  process.exit(0); // the sockets and the Watchdog's are the process's to close
}
