import { loadLibc } from "../ffi/runtime.ts";
import { parseNotifyAddress } from "./address.ts";
import { errnoName } from "./errno.ts";
import { NotifyError } from "./error.ts";
import { AF_UNIX, EAGAIN, IOVEC, MSG_DONTWAIT, MSGHDR, SOCK_CLOEXEC, SOCK_DGRAM } from "./linux.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * A bound AF_UNIX datagram socket. A path is replaced if it exists, and
 * removed again by {@linkcode DatagramReceiver.close}.
 *
 * @example
 * ```ts
 * import { DatagramReceiver } from "./datagram_receiver.ts";
 *
 * using receiver = new DatagramReceiver("@my-test");
 * const datagram = receiver.tryReceive(); // undefined: nothing sent yet
 * ```
 */
export class DatagramReceiver {
  /** The address, as NOTIFY_SOCKET would name it. */
  readonly address: string;
  #libc = loadLibc();
  #fd: number;
  // struct msghdr | struct iovec | room for a datagram larger than systemd accepts, to see it whole
  #memory = new Uint8Array(MSGHDR.size + IOVEC.size + 8192);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #data = this.#memory.subarray(MSGHDR.size + IOVEC.size);

  /**
   * Binds a socket at `address` (`/path` or `@name`).
   * @throws {NotifyError} When the address is malformed or cannot be bound.
   */
  constructor(address: string) {
    const { sockaddr, kind } = parseNotifyAddress(address);
    this.address = address;
    if (kind === "path") this.#libc.unlink(encoder.encode(address + "\0"));
    this.#fd = this.#libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (this.#fd < 0 || this.#libc.bind(this.#fd, sockaddr, sockaddr.length) < 0) {
      const code = errnoName(this.#libc.errno());
      if (this.#fd >= 0) this.#libc.close(this.#fd);
      throw new NotifyError(code, `Cannot bind a receiver at ${address}: ${code}`);
    }
    const view = new DataView(this.#memory.buffer);
    view.setBigUint64(MSGHDR.iov, this.#libc.addressOf(this.#memory.subarray(MSGHDR.size)), true);
    view.setBigUint64(MSGHDR.iovlen, 1n, true);
    view.setBigUint64(MSGHDR.size + IOVEC.base, this.#libc.addressOf(this.#data), true);
    view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(this.#data.length), true);
  }

  /** One queued datagram as text, or `undefined` when none is queued. */
  tryReceive(): string | undefined {
    if (this.#fd < 0) throw new NotifyError("EBADF", `Cannot receive: the receiver at ${this.address} is closed`);
    const n = this.#libc.recvmsg(this.#fd, this.#msghdr, MSG_DONTWAIT);
    if (n >= 0) return decoder.decode(this.#data.subarray(0, n));
    const errno = this.#libc.errno();
    if (errno === EAGAIN) return undefined;
    throw new NotifyError(
      errnoName(errno),
      `Cannot receive at ${this.address}: recvmsg() failed with ${errnoName(errno)}`,
    );
  }

  /** Whether {@linkcode DatagramReceiver.close} was called. */
  get closed(): boolean {
    return this.#fd < 0;
  }

  /** Closes the socket and removes its path. */
  close(): void {
    if (this.#fd < 0) return;
    this.#libc.close(this.#fd);
    this.#fd = -1;
    if (this.address.startsWith("/")) this.#libc.unlink(encoder.encode(this.address + "\0"));
  }

  /** Same as {@linkcode DatagramReceiver.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}
