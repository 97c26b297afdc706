import { DatagramReceiver } from "./datagram_receiver.ts";
import { readVariable } from "./environment.ts";
import { NotifyError } from "./error.ts";
import { timeoutOption } from "./numeric_option.ts";
import { unrefInterval } from "./unref_timer.ts";

/** How often the socket is read in the background, in ms: often enough for a barrier to pass at once. */
const COLLECT_EVERY_MS = 2;

/** One datagram's assignments, `KEY` to `value` (a repeated key keeps its first value, as systemd reads it). */
export type NotifyMessage = Readonly<Record<string, string>>;

/** Options for {@linkcode FakeNotifySocket.open}. */
export interface FakeNotifySocketOptions {
  /** Bind an abstract name (`@...`) instead of a path in `TMPDIR` (else `/tmp`). @default {false} */
  abstract?: boolean;
}

/** Options for {@linkcode FakeNotifySocket.waitFor}. */
export interface WaitForOptions {
  /** How long to wait before rejecting with `ETIMEDOUT`, in ms (an integer from 0 to 2147483647). @default {5000} */
  timeoutMs?: number;
}

/** `TMPDIR` without a trailing slash, or `/tmp` when it is unset, empty or may not be read. */
function temporaryDirectory(): string {
  let directory: string | undefined;
  try {
    directory = readVariable(undefined, "TMPDIR");
  } catch { /* Deno without --allow-env for it: the default, as for an unset variable */ }
  return directory?.replace(/\/+$/, "") || "/tmp";
}

function parse(datagram: string): NotifyMessage {
  const message: Record<string, string> = {};
  for (const line of datagram.split("\n")) {
    const equals = line.indexOf("=");
    const key = line.slice(0, equals);
    if (equals > 0 && !Object.hasOwn(message, key)) message[key] = line.slice(equals + 1);
  }
  return message;
}

/**
 * A real AF_UNIX datagram socket bound by the test itself: pass {@linkcode FakeNotifySocket.env} to the code under
 * test and read what it sent from {@linkcode FakeNotifySocket.messages}. It is read when you read it, and every 2 ms
 * by an unref'd timer (so a barrier passes as under systemd); the kernel queues only about 10 datagrams, so a larger
 * synchronous burst gets `EAGAIN` unless the test reads in between.
 *
 * @example A user's test
 * ```ts
 * import { watchdog } from "@x/systemd-watchdog";
 * import { FakeNotifySocket } from "@x/systemd-watchdog/testing";
 *
 * await using fake = await FakeNotifySocket.open({ abstract: true });
 * const wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: "2000000" } });
 * wd.ready();
 * const ready = await fake.waitFor((message) => message.READY === "1");
 * ```
 */
export class FakeNotifySocket {
  #receiver: DatagramReceiver;
  #datagrams: string[] = [];
  #messages: NotifyMessage[] = [];
  #stopCollecting: () => void;

  private constructor(receiver: DatagramReceiver) {
    this.#receiver = receiver;
    this.#stopCollecting = unrefInterval(() => {
      try {
        this.#collect();
      } catch { /* the same error is thrown where the messages are read */ }
    }, COLLECT_EVERY_MS);
  }

  /**
   * Binds a fresh socket with a unique name.
   * @throws {NotifyError} When FFI is not permitted (Deno: `--allow-ffi`; Node.js under `--permission`: `--allow-ffi`)
   * or not available, or binding fails (`ENAMETOOLONG` for a `TMPDIR` that leaves no room in a socket address's 108
   * bytes: use `abstract`).
   */
  static open(options: FakeNotifySocketOptions = {}): Promise<FakeNotifySocket> {
    const name = `sdw-fake-${crypto.randomUUID()}`;
    const address = options.abstract ? `@${name}` : `${temporaryDirectory()}/${name}.sock`;
    return Promise.resolve(new this(new DatagramReceiver(address)));
  }

  /** The socket's address, as `NOTIFY_SOCKET` names it. */
  get address(): string {
    return this.#receiver.address;
  }

  /** The environment to give the code under test. */
  get env(): { NOTIFY_SOCKET: string } {
    return { NOTIFY_SOCKET: this.address };
  }

  /** Every datagram received so far, parsed into assignments, oldest first: a copy, as of this read. */
  get messages(): readonly NotifyMessage[] {
    this.#collect();
    return this.#messages.slice();
  }

  /** Every datagram received so far, as sent, oldest first: a copy, as of this read. */
  get datagrams(): readonly string[] {
    this.#collect();
    return this.#datagrams.slice();
  }

  /**
   * The first message, received so far or still to come, for which `predicate` holds. Waits without blocking the event
   * loop.
   * @throws {NotifyError} `ETIMEDOUT` when none arrives within `timeoutMs`; `EINVAL` for a bad `timeoutMs`.
   */
  async waitFor(predicate: (message: NotifyMessage) => boolean, options: WaitForOptions = {}): Promise<NotifyMessage> {
    const timeoutMs = timeoutOption("Cannot wait for a message", "timeoutMs", options.timeoutMs, 5000);
    const deadline = performance.now() + timeoutMs;
    let checked = 0;
    for (;;) {
      const messages = this.messages;
      for (; checked < messages.length; checked++) if (predicate(messages[checked])) return messages[checked];
      if (performance.now() > deadline) {
        throw new NotifyError("ETIMEDOUT", `No matching message on ${this.address} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Closes the socket (and removes its path). Messages already received stay readable. */
  close(): void {
    this.#stopCollecting(); // first: a #collect() that throws must not leave the timer running
    try {
      this.#collect();
    } finally {
      this.#receiver.close();
    }
  }

  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  #collect(): void {
    if (this.#receiver.closed) return;
    for (let datagram = this.#receiver.tryReceive(); datagram !== undefined; datagram = this.#receiver.tryReceive()) {
      this.#datagrams.push(datagram);
      this.#messages.push(parse(datagram));
    }
  }
}
