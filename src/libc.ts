/** A pointer as the runtime's FFI passes it (an object on Deno, a number on Bun, a bigint on Node.js). */
export type NativePointer = unknown;

/**
 * libc through FFI, built by `ffi/libc_symbols.ts`: buffers go as `Uint8Array`s, and each call returns what libc
 * returns (`-1` on failure, with the reason in {@linkcode Libc.errno}).
 */
export interface Libc {
  /** socket(2). */
  socket(domain: number, type: number, protocol: number): number;
  /** connect(2); `address` holds a `struct sockaddr`. */
  connect(fd: number, address: Uint8Array, length: number): number;
  /** bind(2); `address` holds a `struct sockaddr`. */
  bind(fd: number, address: Uint8Array, length: number): number;
  /** setsockopt(2); `value` holds the option's value, `length` bytes of it. */
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number;
  /** getsockopt(2); `value` receives the option's value and `length` holds its `socklen_t` size, in and out. */
  getsockopt(fd: number, level: number, name: number, value: Uint8Array, length: Uint8Array): number;
  /**
   * sendmsg(2); `message` points at a `struct msghdr` ({@linkcode Libc.pointerTo}). The result is exact for datagrams
   * under 2 GiB.
   */
  sendmsg(fd: number, message: NativePointer, flags: number): number;
  /** recvmsg(2); `message` holds a `struct msghdr`. */
  recvmsg(fd: number, message: Uint8Array, flags: number): number;
  /** poll(2); `fds` holds `count` `struct pollfd`s. */
  poll(fds: Uint8Array, count: number, timeoutMs: number): number;
  /** close(2). */
  close(fd: number): number;
  /** clock_gettime(2); `timespec` receives a `struct timespec`. */
  clockGettime(clock: number, timespec: Uint8Array): number;
  /** unlink(2); `path` is NUL-terminated. */
  unlink(path: Uint8Array): number;
  /** pipe2(2); `fds` receives two `int`s: the read end, then the write end. */
  pipe2(fds: Uint8Array, flags: number): number;
  /** fcntl(2) with an `int` argument (pass 0 where the command takes none). */
  fcntl(fd: number, command: number, argument: number): number;
  /** getsockname(2); `address` receives a `struct sockaddr` and `length` holds its `socklen_t` size, in and out. */
  getsockname(fd: number, address: Uint8Array, length: Uint8Array): number;
  /** statx(2); `path` is NUL-terminated, `buffer` receives a `struct statx`. */
  statx(dirfd: number, path: Uint8Array, flags: number, mask: number, buffer: Uint8Array): number;
  /** faccessat(2); `path` is NUL-terminated. */
  faccessat(dirfd: number, path: Uint8Array, mode: number, flags: number): number;
  /** mq_getattr(3); `attributes` receives a `struct mq_attr`. */
  mqGetattr(fd: number, attributes: Uint8Array): number;
  /** The calling thread's `errno`, read right after a failed call. */
  errno(): number;
  /** The address of a buffer's first byte, to store in structs such as `struct iovec`. */
  addressOf(buffer: Uint8Array): bigint;
  /** A pointer to a buffer's first byte, as {@linkcode Libc.sendmsg} takes it: valid while the buffer is referenced. */
  pointerTo(buffer: Uint8Array): NativePointer;
}
