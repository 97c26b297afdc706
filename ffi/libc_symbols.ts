import { NotifyError } from "../src/error.ts";
import type { Libc } from "../src/libc.ts";
import type { Ffi, Symbols } from "./types.ts";

/**
 * The libc functions a send calls: opened with the library. Only `i32`, `u32`, `u64`, `buffer` and `pointer` appear:
 * lengths passed in travel inside `struct msghdr`, so no `size_t` parameter crosses the boundary; `sendmsg()` and
 * `recvmsg()` return `ssize_t`, declared `i32` and so read as its low 32 bits, which is exact for `-1` and for any
 * datagram under 2 GiB (x86_64 and aarch64 return it in one 64-bit register). No symbol is `nonblocking` (it would run
 * on another thread, whose errno we cannot read).
 */
export const SEND_SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  // A pointer made once rather than a buffer: it crosses as it is on every runtime (Node.js has no wrapper around it).
  sendmsg: { parameters: ["i32", "pointer", "i32"], result: "i32" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  // The Watchdog's clock on Deno, and RELOADING's MONOTONIC_USEC.
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

/**
 * The others (barriers, received datagrams, passed descriptors, the testing helpers), opened when one is first called:
 * every symbol opened costs the first send time (~0.3 ms each on Deno; a second `dlopen` ~1 ms on Bun).
 */
export const OTHER_SYMBOLS = {
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  recvmsg: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  unlink: { parameters: ["buffer"], result: "i32" },
  pipe2: { parameters: ["buffer", "i32"], result: "i32" },
  // Variadic in C; every call here passes one int, which x86_64 and aarch64 Linux pass like a fixed one.
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
} as const;

/** The descriptor checks (`sdIsSocket()` and the others) and `sdBooted()`, opened when one is first called. */
export const CHECK_SYMBOLS = {
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  faccessat: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
} as const;

/** The checks' stat(): statx(), in glibc from 2.28 and in musl from 1.2.5, with the same layout on every architecture. */
export const STATX_SYMBOLS = {
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
} as const;

/** statx() through syscall() where the C library has no wrapper; variadic in C, called as `fcntl` is. */
export const SYSCALL_SYMBOLS = {
  syscall: { parameters: ["u64", "i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
} as const;

const SYS_STATX: Record<string, bigint> = { x86_64: 332n, aarch64: 291n };

function openStatx(ffi: Ffi, names: string[]): Libc["statx"] {
  try {
    return ffi.open(names, STATX_SYMBOLS).statx;
  } catch (error) {
    if (!(error instanceof NotifyError) || error.code !== "ENOSYS") throw error;
    const { syscall } = ffi.open(names, SYSCALL_SYMBOLS);
    return (dirfd, path, flags, mask, buffer) => syscall(SYS_STATX[ffi.arch], dirfd, path, flags, mask, buffer);
  }
}

/** `sdIsMq()`'s: in libc from glibc 2.34 and in musl, in librt before. */
export const MQ_SYMBOLS = {
  mq_getattr: { parameters: ["i32", "buffer"], result: "i32" },
} as const;

/**
 * The names libc goes by on `arch`: glibc's, musl's, then the generic one.
 *
 * @example
 * ```ts
 * import { libcNames } from "./libc_symbols.ts";
 *
 * libcNames("aarch64"); // ["libc.so.6", "libc.musl-aarch64.so.1", "libc.so"]
 * ```
 */
export function libcNames(arch: string): string[] {
  return ["libc.so.6", `libc.musl-${arch}.so.1`, "libc.so"];
}

/**
 * Opens libc (glibc's `libc.so.6`, or musl's) through a backend: the functions a send calls at once, the others when
 * one is first called.
 * @throws {NotifyError} `ENOSYS` on a system other than Linux on x86_64 or aarch64, or when no libc can be opened;
 * `EPERM` when the runtime forbids FFI.
 *
 * @example
 * ```ts ignore
 * import { openLibc } from "./libc_symbols.ts";
 * import { ffi } from "./runtime.ts";
 *
 * const libc = openLibc(ffi);
 * libc.close(libc.socket(1, 2, 0));
 * ```
 */
export function openLibc(ffi: Ffi): Libc {
  if (ffi.os !== "linux" || (ffi.arch !== "x86_64" && ffi.arch !== "aarch64")) {
    throw new NotifyError(
      "ENOSYS",
      `Cannot send notification: ${ffi.os}/${ffi.arch} is not supported; sd_notify needs Linux on x86_64 or aarch64`,
    );
  }
  const names = libcNames(ffi.arch);
  const c = ffi.open(names, SEND_SYMBOLS);
  let others: Symbols<typeof OTHER_SYMBOLS> | undefined;
  const o = () => others ??= ffi.open(names, OTHER_SYMBOLS);
  let checks: Symbols<typeof CHECK_SYMBOLS> | undefined;
  const k = () => checks ??= ffi.open(names, CHECK_SYMBOLS);
  let statx: Libc["statx"] | undefined;
  let mq: Symbols<typeof MQ_SYMBOLS> | undefined;
  const m = () => mq ??= ffi.open([...names, "librt.so.1"], MQ_SYMBOLS);
  const errnoLocation = c.__errno_location();
  const { socket, connect, setsockopt, getsockopt, sendmsg, close } = c;
  return {
    socket,
    connect,
    bind: (fd, address, length) => o().bind(fd, address, length),
    setsockopt,
    getsockopt,
    sendmsg,
    recvmsg: (fd, message, flags) => o().recvmsg(fd, message, flags),
    poll: (fds, count, timeoutMs) => c.poll(fds, BigInt(count), timeoutMs),
    close,
    clockGettime: c.clock_gettime,
    unlink: (path) => o().unlink(path),
    pipe2: (fds, flags) => o().pipe2(fds, flags),
    fcntl: (fd, command, argument) => o().fcntl(fd, command, argument),
    getsockname: (fd, address, length) => k().getsockname(fd, address, length),
    statx: (dirfd, path, flags, mask, buffer) => (statx ??= openStatx(ffi, names))(dirfd, path, flags, mask, buffer),
    faccessat: (dirfd, path, mode, flags) => k().faccessat(dirfd, path, mode, flags),
    mqGetattr: (fd, attributes) => m().mq_getattr(fd, attributes),
    errno: () => ffi.readInt32(errnoLocation),
    addressOf: (buffer) => ffi.addressOf(buffer),
    pointerTo: (buffer) => ffi.pointerTo(buffer),
  };
}
