/**
 * Where a send's time goes, step by step: one step per process, so that each runs as a service's one send path would
 * (a loop calling one function, which the runtime compiles for that call alone), on whichever runtime runs this file:
 *   deno run --allow-all bench/breakdown.ts STEP N ADDRESS  |  bun bench/breakdown.ts STEP N ADDRESS  |  node ...
 * It warms up, then times N calls in ten slices and prints the median slice's nanoseconds per call. bench/run.ts runs
 * every step on each runtime, interleaved, and prints the differences between steps as the layers of each path.
 * Steps without a system call show what a layer costs when measured alone; with the system call in between, the same
 * work costs more (the caches it used are cold after each one), so the send paths are measured whole, too.
 */
import process from "node:process";
import { sdNotify, watchdog } from "../mod.ts";
import { formatState, NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { loadLibc } from "../ffi/runtime.ts";
import { AF_UNIX, IOVEC, MSG_NOSIGNAL, MSGHDR, SOCK_CLOEXEC, SOCK_DGRAM } from "../src/linux.ts";
import { statusDatagram, statusText } from "../src/status_line.ts";
import { monotonicMsClock } from "../src/monotonic.ts";
import { bareSend } from "./bare_send.ts";
import { BREAKDOWN_STEPS, type BreakdownStep, DATAGRAMS, STATUS_100 } from "./messages.ts";

/** libc through this package's table, with a socket connected to `address` and a msghdr of WATCHDOG=1 built once. */
function connectedLibc(address: string) {
  const libc = loadLibc();
  const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const { sockaddr } = parseNotifyAddress(address);
  if (libc.connect(fd, sockaddr, sockaddr.length) !== 0) throw new Error(`connect(${address}) failed`);
  const payload = new TextEncoder().encode("WATCHDOG=1");
  const msghdr = new Uint8Array(MSGHDR.size + IOVEC.size);
  const view = new DataView(msghdr.buffer);
  view.setBigUint64(MSGHDR.iov, libc.addressOf(msghdr.subarray(MSGHDR.size)), true);
  view.setBigUint64(MSGHDR.iovlen, 1n, true);
  view.setBigUint64(MSGHDR.size + IOVEC.base, libc.addressOf(payload), true);
  view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(payload.length), true);
  return { libc, fd, msghdr };
}

/** The part of node:ffi the rest-parameter step uses, on Node.js. */
interface NodeFfi {
  dlopen(name: string, table: unknown): { functions: Record<string, (...args: unknown[]) => unknown> };
  getRawPointer(buffer: Uint8Array): bigint;
}
const nodeFfi = "Deno" in globalThis || "Bun" in globalThis
  ? undefined
  : process.getBuiltinModule("node:ffi" as never) as NodeFfi;
const NODE_SENDMSG = { sendmsg: { arguments: ["int32", "pointer", "int32"], return: "int32" } };

/** A buffer's address, taken once per buffer, as ffi/node.ts takes it. */
function cachedAddress(ffi: NodeFfi): (buffer: Uint8Array) => bigint {
  const addresses = new WeakMap<Uint8Array, bigint>();
  return (buffer) => {
    let address = addresses.get(buffer);
    if (address === undefined) addresses.set(buffer, address = ffi.getRawPointer(buffer));
    return address;
  };
}

/** The call `name` times, set up to send to `address`. */
async function stepCall(name: BreakdownStep, address: string): Promise<() => unknown> {
  const encoder = new TextEncoder();
  const env = { NOTIFY_SOCKET: address };
  const FOUR = DATAGRAMS["sdNotify({4 assignments})"];
  const four = () => ({ READY: true, STATUS: "Serving", MAINPID: 4242, X_BENCH: "1" });
  switch (name) {
    case "libc sendmsg(), the runtime's FFI alone":
      return await bareSend(encoder.encode("WATCHDOG=1"), "sendmsg", address);
    case "libc sendmsg() through loadLibc()": {
      const { libc, fd, msghdr } = connectedLibc(address);
      return () => libc.sendmsg(fd, msghdr, MSG_NOSIGNAL);
    }
    case "libc sendmsg() through a rest-parameter wrapper": {
      // What ffi/node.ts's closure per arity saves: the one closure for every symbol it replaces, turning buffers
      // into their addresses on Node.js (Deno and Bun take buffers as they are, so there it only passes them on).
      const { libc, fd, msghdr } = connectedLibc(address);
      const [sendmsg, addressOf] = nodeFfi
        ? [nodeFfi.dlopen("libc.so.6", NODE_SENDMSG).functions.sendmsg, cachedAddress(nodeFfi)]
        : [libc.sendmsg as (...args: unknown[]) => unknown, (buffer: Uint8Array) => buffer];
      const parameters = ["i32", "buffer", "i32"];
      const wrapped = (...args: unknown[]) => {
        for (let i = 0; i < args.length; i++) {
          if (parameters[i] === "buffer") args[i] = addressOf(args[i] as Uint8Array);
        }
        return sendmsg(...args);
      };
      return () => wrapped(fd, msghdr, MSG_NOSIGNAL);
    }
    case 'sdNotify("WATCHDOG=1"), env as two closures per call': {
      // What src/record_environment.ts's class saves: sdNotify() makes one Environment per call from a plain object.
      const record: Record<string, string | undefined> = { ...env };
      return () =>
        sdNotify("WATCHDOG=1", { env: { get: (key) => record[key], delete: (key) => void delete record[key] } });
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
  const slices: number[] = [];
  for (let slice = 0; slice < 10; slice++) {
    const count = Math.ceil(n / 10);
    const start = performance.now();
    for (let i = 0; i < count; i++) call();
    slices.push(((performance.now() - start) * 1e6) / count);
  }
  console.log(JSON.stringify({ ns: slices.toSorted((a, b) => a - b)[5] }));
  process.exit(0); // the sockets and the Watchdog's are the process's to close
}
