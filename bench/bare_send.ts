/**
 * The bare FFI call each runtime allows, with nothing of this package around it: libc opened by name through
 * `Deno.dlopen` / `bun:ffi` / `node:ffi`, `socket()` and `connect()` once, then `send()` or `sendmsg()` of the same
 * bytes. The floor of bench/floor.ts (through bench/bare_ffi.ts) and of bench/breakdown.ts.
 */
import process from "node:process";

// Every buffer whose address C is given: one that is collected frees its memory, and sendmsg() then fails (EFAULT)
// in a few microseconds, or sends stale bytes, instead of sending these.
const kept: Uint8Array[] = [];

/** `struct sockaddr_un` for a path or an `@abstract` name. */
function sockaddr(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + 108);
  bytes[0] = 1; // AF_UNIX, little-endian
  const name = new TextEncoder().encode(text);
  if (text.startsWith("@")) bytes.set(name.subarray(1), 3);
  else bytes.set(name, 2);
  return bytes.subarray(0, text.startsWith("@") ? 2 + name.length : 2 + name.length + 1);
}

/**
 * `struct msghdr` with one `struct iovec` after it, pointing at `bytes` (`address` gives a buffer's address); both
 * stay referenced.
 */
export function msghdrOf(bytes: Uint8Array, address: (buffer: Uint8Array) => bigint): Uint8Array {
  const message = new Uint8Array(56 + 16);
  kept.push(message, bytes);
  const view = new DataView(message.buffer);
  view.setBigUint64(16, address(message.subarray(56)), true); // msg_iov
  view.setBigUint64(24, 1n, true); // msg_iovlen
  view.setBigUint64(56, address(bytes), true); // iov_base
  view.setBigUint64(64, BigInt(bytes.length), true); // iov_len
  return message;
}

/**
 * A `send()` of `bytes` on a socket connected to `address`, or a `sendmsg()` of them with a msghdr built once (which
 * passes no `size_t` and returns an `int` here, as this package declares it), through the runtime's FFI alone.
 */
export async function bareSend(bytes: Uint8Array, via: "send" | "sendmsg", address: string): Promise<() => unknown> {
  const AF_UNIX = 1, SOCK_DGRAM_CLOEXEC = 2 | 0o2000000, MSG_NOSIGNAL = 0x4000;
  kept.push(bytes);
  const to = sockaddr(address);
  if ("Deno" in globalThis) {
    const { symbols } = Deno.dlopen("libc.so.6", {
      socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
      connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
      send: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
      sendmsg: { parameters: ["i32", "pointer", "i32"], result: "i32" },
    });
    const fd = symbols.socket(AF_UNIX, SOCK_DGRAM_CLOEXEC, 0);
    if (symbols.connect(fd, to, to.length) !== 0) throw new Error("connect() failed");
    if (via === "sendmsg") {
      const message = Deno.UnsafePointer.of(
        msghdrOf(bytes, (b) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b)))),
      );
      return () => symbols.sendmsg(fd, message, MSG_NOSIGNAL);
    }
    const length = BigInt(bytes.length);
    return () => symbols.send(fd, bytes, length, MSG_NOSIGNAL);
  }
  if ("Bun" in globalThis) {
    const { dlopen, ptr } = await import("bun:ffi");
    const { symbols } = dlopen("libc.so.6", {
      socket: { args: ["i32", "i32", "i32"], returns: "i32" },
      connect: { args: ["i32", "ptr", "u32"], returns: "i32" },
      send: { args: ["i32", "ptr", "u64", "i32"], returns: "i64" },
      sendmsg: { args: ["i32", "ptr", "i32"], returns: "i32" },
    });
    const fd = symbols.socket(AF_UNIX, SOCK_DGRAM_CLOEXEC, 0);
    if (symbols.connect(fd, ptr(to), to.length) !== 0) throw new Error("connect() failed");
    if (via === "sendmsg") {
      const message = msghdrOf(bytes, (b) => BigInt(ptr(b)));
      const at = ptr(message);
      return () => symbols.sendmsg(fd, at, MSG_NOSIGNAL);
    }
    const [at, length] = [ptr(bytes), bytes.length];
    return () => symbols.send(fd, at, length, MSG_NOSIGNAL);
  }
  // deno-lint-ignore no-explicit-any
  const ffi = process.getBuiltinModule("node:ffi" as never) as any;
  const { functions } = ffi.dlopen("libc.so.6", {
    socket: { arguments: ["int32", "int32", "int32"], return: "int32" },
    connect: { arguments: ["int32", "pointer", "uint32"], return: "int32" },
    send: { arguments: ["int32", "pointer", "uint64", "int32"], return: "int64" },
    sendmsg: { arguments: ["int32", "pointer", "int32"], return: "int32" },
  });
  const fd = functions.socket(AF_UNIX, SOCK_DGRAM_CLOEXEC, 0);
  if (functions.connect(fd, ffi.getRawPointer(to), to.length) !== 0) throw new Error("connect() failed");
  if (via === "sendmsg") {
    const at = ffi.getRawPointer(msghdrOf(bytes, (b) => ffi.getRawPointer(b)));
    return () => functions.sendmsg(fd, at, MSG_NOSIGNAL);
  }
  const [at, length] = [ffi.getRawPointer(bytes), BigInt(bytes.length)];
  return () => functions.send(fd, at, length, MSG_NOSIGNAL);
}
