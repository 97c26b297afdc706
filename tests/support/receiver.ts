/**
 * A notify-socket receiver for tests, bound through the package's own FFI.
 *
 * @module
 */

import { rmSync } from "node:fs";
import { loadLibc } from "../../ffi/load.ts";
import { parseNotifyAddress } from "../../src/address.ts";
import { errnoName } from "../../src/errno.ts";
import { AF_UNIX, EAGAIN, IOVEC, MSG_DONTWAIT, MSGHDR, SOCK_CLOEXEC, SOCK_DGRAM } from "../../src/linux.ts";

const decoder = new TextDecoder();
let counter = 0;

/** A unique socket address: a path in the temp dir, or an abstract name. */
export function uniqueAddress(kind: "path" | "abstract"): string {
  const name = `sdw-test-${Date.now()}-${Math.random().toString(36).slice(2)}-${counter++}`;
  return kind === "path" ? `/tmp/${name}.sock` : `@${name}`;
}

/** A bound AF_UNIX datagram socket that collects what is sent to it. */
export class Receiver {
  readonly address: string;
  #libc = loadLibc();
  #fd: number;
  #memory = new Uint8Array(MSGHDR.size + IOVEC.size + 8192);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #data = this.#memory.subarray(MSGHDR.size + IOVEC.size);

  constructor(address: string = uniqueAddress("path")) {
    this.address = address;
    const { sockaddr, kind } = parseNotifyAddress(address);
    if (kind === "path") rmSync(address, { force: true });
    this.#fd = this.#libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (this.#libc.bind(this.#fd, sockaddr, sockaddr.length) < 0) {
      throw new Error(`bind(${address}) failed: ${errnoName(this.#libc.errno())}`);
    }
    const view = new DataView(this.#memory.buffer);
    view.setBigUint64(MSGHDR.iov, this.#libc.addressOf(this.#memory.subarray(MSGHDR.size)), true);
    view.setBigUint64(MSGHDR.iovlen, 1n, true);
    view.setBigUint64(MSGHDR.size + IOVEC.base, this.#libc.addressOf(this.#data), true);
    view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(this.#data.length), true);
  }

  /** The environment a sender under test needs. */
  get env(): Record<string, string> {
    return { NOTIFY_SOCKET: this.address };
  }

  /** One datagram if one is queued, else `undefined`. */
  tryReceive(): string | undefined {
    const n = this.#libc.recvmsg(this.#fd, this.#msghdr, MSG_DONTWAIT);
    if (n >= 0) return decoder.decode(this.#data.subarray(0, n));
    const errno = this.#libc.errno();
    if (errno === EAGAIN) return undefined;
    throw new Error(`recvmsg failed: ${errnoName(errno)}`);
  }

  /** Every datagram queued now. */
  drain(): string[] {
    const messages: string[] = [];
    for (let message = this.tryReceive(); message !== undefined; message = this.tryReceive()) {
      messages.push(message);
    }
    return messages;
  }

  /** The next datagram, waiting for it without blocking the event loop. */
  async next(timeoutMs = 5000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const message = this.tryReceive();
      if (message !== undefined) return message;
      if (performance.now() > deadline) throw new Error(`no datagram on ${this.address} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  close(): void {
    if (this.#fd >= 0) this.#libc.close(this.#fd);
    this.#fd = -1;
    if (this.address.startsWith("/")) rmSync(this.address, { force: true });
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
