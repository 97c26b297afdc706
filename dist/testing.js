// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../testing.ts"
import {
  unrefInterval
} from "./chunk-URGOY5W3.js";
import {
  AF_UNIX,
  EAGAIN,
  IOVEC,
  MSGHDR,
  MSG_DONTWAIT,
  NotifyError,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  __name,
  errnoName,
  loadLibc,
  parseNotifyAddress,
  timeoutOption,
  toEnvironment
} from "./chunk-PR5KD5ZS.js";

// src/datagram_receiver.ts
var decoder = new TextDecoder();
var encoder = new TextEncoder();
var DatagramReceiver = class {
  static {
    __name(this, "DatagramReceiver");
  }
  /** The address, as NOTIFY_SOCKET would name it. */
  address;
  #libc = loadLibc();
  #fd;
  // struct msghdr | struct iovec | room for a datagram larger than systemd accepts, to see it whole
  #memory = new Uint8Array(MSGHDR.size + IOVEC.size + 8192);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #data = this.#memory.subarray(MSGHDR.size + IOVEC.size);
  /**
   * Binds a socket at `address` (`/path` or `@name`).
   * @throws {NotifyError} When the address is malformed or cannot be bound.
   */
  constructor(address) {
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
  tryReceive() {
    if (this.#fd < 0) throw new NotifyError("EBADF", `Cannot receive: the receiver at ${this.address} is closed`);
    const n = this.#libc.recvmsg(this.#fd, this.#msghdr, MSG_DONTWAIT);
    if (n >= 0) return decoder.decode(this.#data.subarray(0, n));
    const errno = this.#libc.errno();
    if (errno === EAGAIN) return void 0;
    throw new NotifyError(errnoName(errno), `Cannot receive at ${this.address}: recvmsg() failed with ${errnoName(errno)}`);
  }
  /** Whether {@linkcode DatagramReceiver.close} was called. */
  get closed() {
    return this.#fd < 0;
  }
  /** Closes the socket and removes its path. */
  close() {
    if (this.#fd < 0) return;
    this.#libc.close(this.#fd);
    this.#fd = -1;
    if (this.address.startsWith("/")) this.#libc.unlink(encoder.encode(this.address + "\0"));
  }
  /** Same as {@linkcode DatagramReceiver.close}. */
  [Symbol.dispose]() {
    this.close();
  }
};

// src/fake_notify_socket.ts
var COLLECT_EVERY_MS = 2;
function temporaryDirectory() {
  let directory;
  try {
    directory = toEnvironment().get("TMPDIR");
  } catch {
  }
  return directory?.replace(/\/+$/, "") || "/tmp";
}
__name(temporaryDirectory, "temporaryDirectory");
function parse(datagram) {
  const message = {};
  for (const line of datagram.split("\n")) {
    const equals = line.indexOf("=");
    const key = line.slice(0, equals);
    if (equals > 0 && !Object.hasOwn(message, key)) message[key] = line.slice(equals + 1);
  }
  return message;
}
__name(parse, "parse");
var FakeNotifySocket = class _FakeNotifySocket {
  static {
    __name(this, "FakeNotifySocket");
  }
  #receiver;
  #datagrams = [];
  #messages = [];
  #stopCollecting;
  constructor(receiver) {
    this.#receiver = receiver;
    this.#stopCollecting = unrefInterval(() => {
      try {
        this.#collect();
      } catch {
      }
    }, COLLECT_EVERY_MS);
  }
  /**
   * Binds a fresh socket with a unique name.
   * @throws {NotifyError} When FFI is not permitted (Deno: `--allow-ffi`; Node.js under `--permission`: `--allow-ffi`)
   * or not available, or binding fails (`ENAMETOOLONG` for a `TMPDIR` that leaves no room in a socket address's 108
   * bytes: use `abstract`).
   */
  static open(options = {}) {
    const name = `sdw-fake-${crypto.randomUUID()}`;
    const address = options.abstract ? `@${name}` : `${temporaryDirectory()}/${name}.sock`;
    return Promise.resolve(new _FakeNotifySocket(new DatagramReceiver(address)));
  }
  /** The socket's address, as `NOTIFY_SOCKET` names it. */
  get address() {
    return this.#receiver.address;
  }
  /** The environment to give the code under test. */
  get env() {
    return {
      NOTIFY_SOCKET: this.address
    };
  }
  /** Every datagram received so far, parsed into assignments, oldest first: a copy, as of this read. */
  get messages() {
    this.#collect();
    return this.#messages.slice();
  }
  /** Every datagram received so far, as sent, oldest first: a copy, as of this read. */
  get datagrams() {
    this.#collect();
    return this.#datagrams.slice();
  }
  /**
   * The first message, received so far or still to come, for which `predicate` holds. Waits without blocking the event
   * loop.
   * @throws {NotifyError} `ETIMEDOUT` when none arrives within `timeoutMs`; `EINVAL` for a bad `timeoutMs`.
   */
  async waitFor(predicate, options = {}) {
    const timeoutMs = timeoutOption("Cannot wait for a message", "timeoutMs", options.timeoutMs, 5e3);
    const deadline = performance.now() + timeoutMs;
    let checked = 0;
    for (; ; ) {
      const messages = this.messages;
      for (; checked < messages.length; checked++) if (predicate(messages[checked])) return messages[checked];
      if (performance.now() > deadline) {
        throw new NotifyError("ETIMEDOUT", `No matching message on ${this.address} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  /** Closes the socket (and removes its path). Messages already received stay readable. */
  close() {
    this.#stopCollecting();
    try {
      this.#collect();
    } finally {
      this.#receiver.close();
    }
  }
  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.dispose]() {
    this.close();
  }
  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.asyncDispose]() {
    this.close();
    return Promise.resolve();
  }
  #collect() {
    if (this.#receiver.closed) return;
    for (let datagram = this.#receiver.tryReceive(); datagram !== void 0; datagram = this.#receiver.tryReceive()) {
      this.#datagrams.push(datagram);
      this.#messages.push(parse(datagram));
    }
  }
};
export {
  FakeNotifySocket
};
