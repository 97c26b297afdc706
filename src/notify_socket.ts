/**
 * One AF_UNIX datagram socket, connected to the notify socket and reused for
 * every message.
 *
 * @module
 */

import { loadLibc } from "../ffi/load.ts";
import type { NotifyAddress } from "./address.ts";
import { errnoName } from "./errno.ts";
import { NotifyError } from "./error.ts";
import type { Libc } from "./libc.ts";
import {
  AF_UNIX,
  CMSGHDR,
  cmsgSpace,
  EAGAIN,
  ECONNREFUSED,
  EINTR,
  IOVEC,
  MSG_NOSIGNAL,
  MSGHDR,
  POLLFD,
  POLLOUT,
  SCM_MAX_FD,
  SCM_RIGHTS,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOL_SOCKET,
} from "./linux.ts";
import { MAX_DATAGRAM_BYTES } from "./message.ts";

/** Options for {@linkcode NotifySocket}. */
export interface NotifySocketOptions {
  /**
   * How long a send may wait for room when the receiver's queue is full
   * (the kernel queues as few as 10 datagrams), before it fails with `EAGAIN`.
   * The wait blocks the event loop, so keep it short.
   * @default {100}
   */
  sendTimeoutMs?: number;
}

const POLLFD_AT = MSGHDR.size + IOVEC.size;
const CONTROL = POLLFD_AT + POLLFD.size;

const ADVICE: Record<string, string> = {
  ENOENT: "no socket exists at that path; is the service manager (or your receiver) running?",
  ECONNREFUSED: "nothing receives there: the receiver has closed, or the path is not a socket",
  EACCES: "this process may not write to that socket; check its permissions",
  EPERM: "this process may not write to that socket; check its permissions and security policy",
  EAGAIN: "the receiver's queue stayed full; the service manager is not reading, retry later",
  EPROTOTYPE: "that socket is not a datagram socket",
  ENOTDIR: "a component of that path is not a directory",
  ENOTSOCK: "that path is not a socket",
};

/**
 * The transport: `socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK)`,
 * `connect()` once, then `sendmsg(..., MSG_NOSIGNAL)` per message from one
 * preallocated buffer. A full receiver queue is waited out with `poll(POLLOUT)`
 * for at most `sendTimeoutMs`; a receiver that went away and came back at the
 * same address is reconnected once.
 *
 * @example
 * ```ts
 * import { NotifySocket, parseNotifyAddress } from "@x/systemd-watchdog";
 *
 * using socket = new NotifySocket(parseNotifyAddress("/run/my-receiver.sock"));
 * socket.send(new TextEncoder().encode("READY=1"));
 * ```
 */
export class NotifySocket {
  /** Where this socket sends. */
  readonly address: NotifyAddress;
  #timeoutMs: number;
  #libc: Libc | undefined;
  #fd = -1;
  // One buffer, laid out as: struct msghdr | struct iovec | struct pollfd | control message | payload.
  #memory = new Uint8Array(CONTROL + cmsgSpace(4 * SCM_MAX_FD) + MAX_DATAGRAM_BYTES);
  #view = new DataView(this.#memory.buffer);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #pollfd = this.#memory.subarray(POLLFD_AT, POLLFD_AT + POLLFD.size);
  #payload = this.#memory.subarray(CONTROL + cmsgSpace(4 * SCM_MAX_FD));
  #controlLength = 0;
  #prepared = false;

  /**
   * Prepares a socket for an address; nothing is opened until the first send.
   *
   * @param address The parsed `NOTIFY_SOCKET`.
   * @param options Send timeout and libc.
   */
  constructor(address: NotifyAddress, options: NotifySocketOptions = {}) {
    this.address = address;
    this.#timeoutMs = options.sendTimeoutMs ?? 100;
  }

  /** The socket's file descriptor, or -1 while it is not open. */
  get fd(): number {
    return this.#fd;
  }

  /**
   * Sends one datagram, whole or not at all.
   *
   * @param payload At most {@linkcode MAX_DATAGRAM_BYTES} bytes.
   * @param timeoutMs How long to wait for room in a full receiver queue; defaults to `sendTimeoutMs`.
   * @param fds File descriptors to pass along (SCM_RIGHTS), at most 253.
   *
   * @throws {NotifyError} With the errno name: `ENOENT`, `ECONNREFUSED`,
   * `EACCES`, `EAGAIN` (queue still full after the timeout), ...
   */
  send(payload: Uint8Array, timeoutMs: number = this.#timeoutMs, fds: readonly number[] = []): void {
    const libc = this.#libc ??= loadLibc();
    if (payload.length > MAX_DATAGRAM_BYTES) {
      throw new NotifyError(
        "EMSGSIZE",
        `Cannot send notification: ${payload.length} bytes exceed ${MAX_DATAGRAM_BYTES}`,
      );
    }
    this.#prepare(libc);
    // Copied every time: the caller may reuse and change its array. A short copy costs a few ns.
    this.#payload.set(payload);
    this.#view.setUint32(MSGHDR.size + IOVEC.len, payload.length, true);
    this.#loadFds(fds);

    const firstConnection = this.#fd < 0;
    if (firstConnection) this.#connect(libc);
    let errno = this.#sendPrepared(libc, payload.length, timeoutMs);
    if (errno === ECONNREFUSED && !firstConnection) {
      // The receiver we were connected to is gone; one may be bound at the same address again.
      this.close();
      this.#connect(libc);
      errno = this.#sendPrepared(libc, payload.length, timeoutMs);
    }
    if (errno !== 0) {
      if (errno !== EAGAIN) this.close();
      throw this.#error("sendmsg", errno, timeoutMs);
    }
  }

  /** Closes the socket; the next send opens a new one. */
  close(): void {
    if (this.#fd >= 0) this.#libc?.close(this.#fd);
    this.#fd = -1;
  }

  /** Same as {@linkcode NotifySocket.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  #prepare(libc: Libc): void {
    if (this.#prepared) return;
    const iovec = MSGHDR.size;
    this.#view.setBigUint64(MSGHDR.iov, libc.addressOf(this.#memory.subarray(iovec)), true);
    this.#view.setBigUint64(MSGHDR.iovlen, 1n, true);
    this.#view.setBigUint64(MSGHDR.control, libc.addressOf(this.#memory.subarray(CONTROL)), true);
    this.#view.setBigUint64(iovec + IOVEC.base, libc.addressOf(this.#payload), true);
    this.#prepared = true;
  }

  /** Writes an SCM_RIGHTS control message for `fds`, or none for an empty list. */
  #loadFds(fds: readonly number[]): void {
    if (fds.length > SCM_MAX_FD) {
      throw new NotifyError("E2BIG", `Cannot send notification: ${fds.length} file descriptors, at most ${SCM_MAX_FD}`);
    }
    const length = fds.length === 0 ? 0 : cmsgSpace(4 * fds.length);
    if (length > 0) {
      this.#view.setBigUint64(CONTROL + CMSGHDR.len, BigInt(CMSGHDR.size + 4 * fds.length), true);
      this.#view.setInt32(CONTROL + CMSGHDR.level, SOL_SOCKET, true);
      this.#view.setInt32(CONTROL + CMSGHDR.type, SCM_RIGHTS, true);
      fds.forEach((fd, i) => this.#view.setInt32(CONTROL + CMSGHDR.size + 4 * i, fd, true));
    }
    if (length !== this.#controlLength) { // most messages carry none: leave msghdr alone then
      this.#view.setBigUint64(MSGHDR.controllen, BigInt(length), true);
      this.#controlLength = length;
    }
  }

  #connect(libc: Libc): void {
    const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw this.#error("socket", libc.errno());
    const { sockaddr } = this.address;
    if (libc.connect(fd, sockaddr, sockaddr.length) < 0) {
      const errno = libc.errno();
      libc.close(fd);
      throw this.#error("connect", errno);
    }
    this.#fd = fd;
  }

  /** Returns 0 once sent, else the errno. */
  #sendPrepared(libc: Libc, length: number, timeoutMs: number): number {
    let deadline = 0; // read the clock only if the queue is full
    for (;;) {
      const sent = libc.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL);
      if (sent === length) return 0;
      if (sent >= 0) {
        throw new NotifyError("EIO", `Cannot send notification: only ${sent} of ${length} bytes were sent`);
      }
      const errno = libc.errno();
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) return errno;
      deadline ||= performance.now() + timeoutMs;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return EAGAIN;
      this.#view.setInt32(POLLFD_AT + POLLFD.fd, this.#fd, true);
      this.#view.setInt16(POLLFD_AT + POLLFD.events, POLLOUT, true);
      if (libc.poll(this.#pollfd, 1, Math.ceil(remaining)) < 0 && libc.errno() !== EINTR) return libc.errno();
    }
  }

  #error(call: string, errno: number, timeoutMs?: number): NotifyError {
    const code = errnoName(errno);
    const advice = ADVICE[code] ?? `${call}() failed`;
    const waited = code === "EAGAIN" ? ` (waited ${timeoutMs} ms)` : "";
    return new NotifyError(
      code,
      `Cannot send notification to NOTIFY_SOCKET=${this.address.text}: ${advice}${waited} (${code} from ${call})`,
    );
  }
}
