import { loadLibc } from "../ffi/runtime.ts";
import type { NotifyAddress } from "./address.ts";
import { errnoName } from "./errno.ts";
import { NotifyError, refused } from "./error.ts";
import type { Libc, NativePointer } from "./libc.ts";
import {
  AF_UNIX,
  CMSGHDR,
  cmsgSpace,
  EAGAIN,
  ECONNREFUSED,
  EINTR,
  INT_MAX,
  IOVEC,
  MSG_NOSIGNAL,
  MSGHDR,
  POLLFD,
  POLLOUT,
  SCM_MAX_FD,
  SCM_RIGHTS,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOL_SOCKET,
} from "./linux.ts";
import { MAX_DATAGRAM_BYTES } from "./message.ts";
import { integerOption } from "./numeric_option.ts";

/** Options for {@linkcode NotifySocket}. */
export interface NotifySocketOptions {
  /**
   * How long a send may wait for room when the receiver's queue is full (the kernel queues as few as 10 datagrams),
   * before it fails with `EAGAIN`. The wait blocks the event loop, so keep it short. An integer from 0 to
   * {@linkcode MAX_SEND_TIMEOUT_MS}.
   * @default {100}
   */
  sendTimeoutMs?: number;
}

/** Options for one {@linkcode NotifySocket.send}. */
export interface NotifySendOptions {
  /** How long to wait for room in a full receiver queue. @default {the socket's `sendTimeoutMs`} */
  timeoutMs?: number;
  /** File descriptors to pass along (SCM_RIGHTS), at most 253. @default {[]} */
  fds?: readonly number[];
}

/** The longest `sendTimeoutMs`: a send that waits blocks the event loop, so a minute is already far too long. */
export const MAX_SEND_TIMEOUT_MS = 60_000;
/** The send buffer libsystemd asks for (its SNDBUF_SIZE): room for a full queue of the largest messages. */
const SEND_BUFFER_BYTES = 8 * 1024 * 1024;
const NO_FDS: readonly number[] = [];

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
 * The transport: `socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK)`, its send buffer raised as libsystemd raises
 * it, `connect()` once, then `sendmsg(..., MSG_NOSIGNAL)` per message from one preallocated buffer. A full receiver
 * queue is waited out with `poll(POLLOUT)` for at most `sendTimeoutMs`; a receiver that went away and came back at the
 * same address is reconnected once. Once closed, it stays closed.
 *
 * @example
 * ```ts
 * import { NotifySocket, parseNotifyAddress } from "@x/systemd-watchdog/advanced";
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
  #msghdr: NativePointer; // set by #prepare()
  #pollfd = this.#memory.subarray(POLLFD_AT, POLLFD_AT + POLLFD.size);
  #payload = this.#memory.subarray(CONTROL + cmsgSpace(4 * SCM_MAX_FD));
  #closed = false;

  /**
   * Prepares a socket for an address; nothing is opened until the first send.
   * @throws {NotifyError} `EINVAL` for a `sendTimeoutMs` that is not an integer from 0 to 60000.
   */
  constructor(address: NotifyAddress, options: NotifySocketOptions = {}) {
    this.address = address;
    this.#timeoutMs = sendTimeoutOption(options.sendTimeoutMs);
  }

  /** The socket's file descriptor, or -1 while it is not open. */
  get fd(): number {
    return this.#fd;
  }

  /**
   * Sends one datagram, whole or not at all.
   * @param payload At most {@linkcode MAX_DATAGRAM_BYTES} bytes, or a text that many bytes long in UTF-8 (encoded
   * straight into this socket's buffer; not validated, as bytes are not: a lone surrogate is sent as U+FFFD).
   * @param options How long to wait for room (checked by the caller), and descriptors to pass.
   * @throws {NotifyError} With the errno name: `ENOENT`, `ECONNREFUSED`, `EACCES`, `EAGAIN` (queue still full after the
   * timeout), ...; `EBADF` after {@linkcode NotifySocket.close}; `EMSGSIZE` for a longer payload.
   */
  send(payload: Uint8Array | string, options?: NotifySendOptions): void {
    if (this.#closed) {
      throw new NotifyError("EBADF", `Cannot send notification: this socket to ${this.address.text} was closed`);
    }
    const libc = this.#libc ??= this.#prepare(loadLibc());
    // Copied every time: the caller may reuse and change its array. A short copy costs a few ns.
    const length = typeof payload === "string" ? this.#encode(payload) : this.#copy(payload);
    this.#view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(length), true);
    this.#loadFds(options?.fds ?? NO_FDS);
    const firstConnection = this.#fd < 0;
    if (firstConnection) this.#connect(libc);
    // What follows a sendmsg() that did not send it all is in #sendFailed(): the path every message takes stays small
    // enough for V8 to inline node:ffi's call into it (docs/performance.md).
    const sent = libc.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL);
    if (sent !== length) this.#sendFailed(libc, sent, length, options, firstConnection);
  }

  /** Waits for room, reconnects or throws, after a `sendmsg()` that returned `sent` (errno not yet read). */
  #sendFailed(
    libc: Libc,
    sent: number,
    length: number,
    options: NotifySendOptions | undefined,
    firstConnection: boolean,
  ): void {
    let errno = this.#retry(libc, sent, length, options);
    if (errno === ECONNREFUSED && !firstConnection) {
      // The receiver we were connected to is gone; one may be bound at the same address again.
      this.#disconnect();
      this.#connect(libc);
      errno = this.#retry(libc, libc.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL), length, options);
    }
    if (errno !== 0) {
      if (errno !== EAGAIN) this.#disconnect(); // the next send connects afresh
      throw this.#error("sendmsg", errno, options?.timeoutMs ?? this.#timeoutMs);
    }
  }

  #copy(payload: Uint8Array): number {
    if (payload.length > MAX_DATAGRAM_BYTES) throw tooLong(`${payload.length} bytes exceed`);
    this.#payload.set(payload);
    return payload.length;
  }

  /** Encodes `text` into this socket's buffer, which holds {@linkcode MAX_DATAGRAM_BYTES}; returns the length. */
  #encode(text: string): number {
    const { read, written } = encoder.encodeInto(text, this.#payload);
    if (read === text.length) return written;
    // Too long, or Node.js's encodeInto() stopping short near the end of the buffer (nodejs/node#65994, seen
    // on 26.10): encoded whole instead, which is rare, and refused only if it really is too long.
    return this.#copy(encoder.encode(text));
  }

  /** Whether {@linkcode NotifySocket.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the socket for good: a later send throws `EBADF`. Safe to call more than once. */
  close(): void {
    this.#closed = true;
    this.#disconnect();
  }

  #disconnect(): void {
    if (this.#fd >= 0) this.#libc?.close(this.#fd);
    this.#fd = -1;
  }

  /** Same as {@linkcode NotifySocket.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Points the msghdr at this socket's buffer, once: its address never changes. */
  #prepare(libc: Libc): Libc {
    const iovec = MSGHDR.size;
    this.#view.setBigUint64(MSGHDR.iov, libc.addressOf(this.#memory.subarray(iovec)), true);
    this.#view.setBigUint64(MSGHDR.iovlen, 1n, true);
    this.#view.setBigUint64(MSGHDR.control, libc.addressOf(this.#memory.subarray(CONTROL)), true);
    this.#view.setBigUint64(iovec + IOVEC.base, libc.addressOf(this.#payload), true);
    this.#msghdr = libc.pointerTo(this.#memory); // the msghdr is the buffer's start
    return libc;
  }

  /** Writes an SCM_RIGHTS control message for `fds`, or none for an empty list. */
  #loadFds(fds: readonly number[]): void {
    if (fds.length > SCM_MAX_FD) {
      throw refused("Cannot send notification", `${fds.length} file descriptors, at most ${SCM_MAX_FD}`, "E2BIG");
    }
    const length = fds.length === 0 ? 0 : cmsgSpace(4 * fds.length);
    if (length > 0) {
      this.#view.setBigUint64(CONTROL + CMSGHDR.len, BigInt(CMSGHDR.size + 4 * fds.length), true);
      this.#view.setInt32(CONTROL + CMSGHDR.level, SOL_SOCKET, true);
      this.#view.setInt32(CONTROL + CMSGHDR.type, SCM_RIGHTS, true);
      for (let i = 0; i < fds.length; i++) {
        const fd = fds[i]; // a hole in a sparse array is undefined: refused, not sent as descriptor 0
        checkDescriptor(fd);
        this.#view.setInt32(CONTROL + CMSGHDR.size + 4 * i, fd, true);
      }
    }
    this.#view.setBigUint64(MSGHDR.controllen, BigInt(length), true);
  }

  #connect(libc: Libc): void {
    const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw this.#error("socket", libc.errno());
    raiseSendBuffer(libc, fd);
    const { sockaddr } = this.address;
    if (libc.connect(fd, sockaddr, sockaddr.length) < 0) {
      const errno = libc.errno();
      libc.close(fd);
      throw this.#error("connect", errno);
    }
    this.#fd = fd;
  }

  /**
   * Returns 0 once sent, else the errno, sending again while interrupted or while the queue is full. `options` are read
   * only after errno: nothing may run between a failed call and that read.
   */
  #retry(libc: Libc, sent: number, length: number, options: NotifySendOptions | undefined): number {
    let deadline = 0; // read the clock only if the queue is full
    for (; sent !== length; sent = libc.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL)) {
      if (sent >= 0) {
        throw new NotifyError("EIO", `Cannot send notification: only ${sent} of ${length} bytes were sent`);
      }
      const errno = libc.errno();
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) return errno;
      deadline ||= performance.now() + (options?.timeoutMs ?? this.#timeoutMs);
      const remaining = deadline - performance.now();
      if (remaining <= 0) return EAGAIN;
      this.#view.setInt32(POLLFD_AT + POLLFD.fd, this.#fd, true);
      this.#view.setInt16(POLLFD_AT + POLLFD.events, POLLOUT, true);
      if (libc.poll(this.#pollfd, 1, Math.ceil(remaining)) < 0 && libc.errno() !== EINTR) return libc.errno();
    }
    return 0;
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

/**
 * The checked `sendTimeoutMs` of {@linkcode NotifySocketOptions}, or the default (100); `context` starts the message.
 *
 * @example
 * ```ts
 * import { sendTimeoutOption } from "./notify_socket.ts";
 *
 * sendTimeoutOption(undefined); // 100
 * ```
 */
export function sendTimeoutOption(value: number | undefined, context = "Cannot send notification"): number {
  return integerOption(context, "sendTimeoutMs", value, 100, 0, MAX_SEND_TIMEOUT_MS);
}

const encoder = new TextEncoder();

/** A datagram's bytes, or its text, which the socket encodes into its own buffer (no array allocated per message). */
export type Datagram = Uint8Array | string;

/**
 * Refuses what cannot be a file descriptor (an int from 0 up), with `EINVAL`.
 *
 * @example
 * ```ts
 * import { checkDescriptor } from "./notify_socket.ts";
 *
 * checkDescriptor(3); // fine
 * // checkDescriptor(-1) throws NotifyError EINVAL: "-1 is not a file descriptor"
 * ```
 */
export function checkDescriptor(fd: number): void {
  if (!Number.isInteger(fd) || fd < 0 || fd > INT_MAX) {
    throw refused("Cannot send notification", `${fd} is not a file descriptor`);
  }
}

function tooLong(what: string): NotifyError {
  return refused("Cannot send notification", `${what} ${MAX_DATAGRAM_BYTES} bytes`, "EMSGSIZE");
}

const intValue = new Uint8Array(4);
const intView = new DataView(intValue.buffer);
const intLength = new Uint8Array(4);

/**
 * libsystemd's fd_inc_sndbuf(): ask for an 8 MiB send buffer with SO_SNDBUF; if the kernel's limit
 * (`net.core.wmem_max`) kept it lower, force it with SO_SNDBUFFORCE, which needs CAP_NET_ADMIN. Failures are ignored,
 * as there: the default buffer still works, it only fills sooner.
 */
function raiseSendBuffer(libc: Libc, fd: number): void {
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  if (libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, 4) < 0) return;
  new DataView(intLength.buffer).setUint32(0, 4, true);
  // The kernel doubles what it grants, for its bookkeeping.
  if (libc.getsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, intLength) === 0) {
    if (intView.getInt32(0, true) >= 2 * SEND_BUFFER_BYTES) return;
  }
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, intValue, 4);
}
