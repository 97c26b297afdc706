import { loadLibc } from "../ffi/runtime.ts";
import { errnoName } from "./errno.ts";
import { NotifyError } from "./error.ts";
import type { ErrorReport } from "./error_report.ts";
import { F_DUPFD_CLOEXEC } from "./linux.ts";
import type { Datagram, NotifySocket } from "./notify_socket.ts";
import { unref } from "./unref_timer.ts";

/** The most notifications that wait at once; pings and status lines take one place each, whatever their number. */
export const MAX_QUEUED = 1024;
/** The longest pause between two background attempts, in ms; 1 ms while a ping waits. */
const MAX_RETRY_MS = 50;

/** What a queued message is, for coalescing: `WATCHDOG=1` alone, one `STATUS=` line alone, or anything else. */
type Kind = "ping" | "status" | "other";

interface Queued {
  payload: Uint8Array;
  /** Duplicates, owned by the queue: the caller may close its own descriptors as soon as send() returns. */
  fds: number[] | undefined;
  kind: Kind;
  /** The flushes that wait for this message. */
  waiters: Waiter[];
  /** Told when the message is given up, before its descriptors are closed. */
  onDrop: ((error: NotifyError) => void) | undefined;
}

interface Waiter {
  /** How many of the messages queued when flush() was called are still queued. */
  pending: number;
  resolve(): void;
  reject(error: NotifyError): void;
}

/** Errors about the connection, not about one message: every queued message would meet them. */
const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTCONN",
  "EPIPE",
  "ENOENT",
  "EACCES",
  "ENOTDIR",
  "ELOOP",
  "ENOTSOCK",
  "EPROTOTYPE",
]);

const encoder = new TextEncoder();
const PING = encoder.encode("WATCHDOG=1");
const STATUS = encoder.encode("STATUS=");
const NEWLINE = 0x0a;

/** `WATCHDOG=1` and single `STATUS=` lines may be coalesced: only the latest of each matters. */
function kindOf(payload: Uint8Array): Kind {
  if (payload.length === PING.length && PING.every((byte, i) => payload[i] === byte)) return "ping";
  if (STATUS.every((byte, i) => payload[i] === byte) && !payload.includes(NEWLINE)) return "status";
  return "other";
}

/**
 * Sends through a {@linkcode NotifySocket} without ever throwing for a failed delivery (failures go to the
 * {@linkcode ErrorReport}) and without losing what a busy service manager has no room for yet: a send waits once, at
 * most the socket's `sendTimeoutMs`, then queues, and an unref'd timer delivers the queue in order (docs/errors.md,
 * "A busy service manager"). A `WATCHDOG=1` goes ahead of everything queued and is retried every millisecond:
 * systemd does not care about the order, and an expired watchdog fires as soon as the manager has drained its
 * socket. Only the latest ping and status line are kept (see #enqueue); nothing else is dropped.
 *
 * @example
 * ```ts
 * import { QueuedSender } from "./queued_sender.ts";
 * import { NotifySocket } from "./notify_socket.ts";
 * import { parseNotifyAddress } from "./address.ts";
 * import { ErrorReport } from "./error_report.ts";
 *
 * const sender = new QueuedSender(new NotifySocket(parseNotifyAddress("@my-receiver")), new ErrorReport());
 * sender.send(new TextEncoder().encode("READY=1")); // false, and one line on stderr, if nothing listens
 * await sender.flush(5000);
 * ```
 */
export class QueuedSender {
  #socket: NotifySocket;
  #report: ErrorReport;
  #queue: Queued[] = [];
  /** Set while background delivery is due (the receiver was full): meanwhile, no send waits. */
  #timer: unknown;
  #retryMs = 1;
  #closeWhenDone = false;

  /**
   * @param socket Where to send; its `sendTimeoutMs` bounds how long one send may block.
   * @param report Where failed deliveries go.
   */
  constructor(socket: NotifySocket, report: ErrorReport) {
    this.#socket = socket;
    this.#report = report;
  }

  /** How many notifications wait for room. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Sends now, or queues behind a busy receiver.
   * @param onDrop Told if the message, once queued, has to be given up.
   * @returns `true` when sent or queued; `false` when it cannot be delivered (the error went to the report).
   */
  send(payload: Datagram, fds?: readonly number[], onDrop?: (error: NotifyError) => void): boolean {
    if (this.#queue.length > 0) {
      let dropped = false;
      const queued = this.#enqueue(payload, fds, (error) => {
        dropped = true;
        onDrop?.(error);
      });
      this.#deliverQueued(true); // what fits goes now: the manager may have read since the last attempt
      return queued && !dropped;
    }
    try {
      const congested = this.#timer !== undefined;
      this.#socket.send(payload, congested ? { timeoutMs: 0, fds } : fds === undefined ? undefined : { fds });
      this.#report.delivered();
      return true;
    } catch (error) {
      const failure = asNotifyError(error);
      if (failure.code === "EAGAIN") return this.#enqueue(payload, fds, onDrop);
      this.#report.failed(failure);
      return false;
    }
  }

  /**
   * Resolves once everything queued now has been delivered (messages queued later do not hold it up); rejects with the
   * error if some of it cannot be, or with `ETIMEDOUT` after `timeoutMs`. Its timer keeps the process alive meanwhile,
   * unlike the background delivery's.
   */
  flush(timeoutMs: number): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter.reject(
          new NotifyError(
            "ETIMEDOUT",
            `Cannot flush notifications: ${waiter.pending} still wait after ${timeoutMs} ms; ` +
              "the service manager is not reading its notify socket",
          ),
        );
      }, timeoutMs);
      // A promise settles once: a later resolve() or reject() does nothing.
      const waiter: Waiter = {
        pending: this.#queue.length,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      for (const queued of this.#queue) queued.waiters.push(waiter);
    });
  }

  /**
   * Closes the socket. What is still queued gets one last attempt that does
   * not wait; anything left is reported (and rejects pending flushes).
   */
  close(): void {
    clearTimeout(this.#timer as number);
    this.#timer = undefined;
    if (this.#queue.length > 0 && !this.#socket.closed) this.#deliverQueued(false);
    const count = this.#queue.length;
    if (count > 0) {
      const error = new NotifyError(
        "EBADF",
        `Cannot deliver ${count} queued notification(s): closed while the service manager had no room for them; ` +
          "await flush() before close()",
      );
      this.#giveUp(this.#queue.splice(0), error);
    }
    this.#socket.close();
  }

  /** Closes the socket once the queue is empty (at once if it is): for an owner that was garbage-collected. */
  closeWhenDone(): void {
    if (this.#queue.length === 0) this.close();
    else this.#closeWhenDone = true;
  }

  #enqueue(payload: Datagram, fds: readonly number[] | undefined, onDrop?: (error: NotifyError) => void): boolean {
    // A copy: the caller may reuse its array (a text is encoded now, as a queued message is rare).
    const bytes = typeof payload === "string" ? encoder.encode(payload) : payload.slice();
    const kind = fds === undefined ? kindOf(bytes) : "other";
    // A ping already queued says the same, and sooner.
    if (kind === "ping" && this.#queue[0]?.kind === "ping") return true;
    if (kind === "status") {
      // Only the latest status line matters, unless a message with descriptors (a barrier) waits
      // after the earlier one: whoever waits for that must find the earlier line processed.
      const earlier = this.#queue.findLastIndex((queued) => queued.kind === "status");
      if (earlier >= 0 && !this.#queue.slice(earlier + 1).some((queued) => queued.fds !== undefined)) {
        // Superseded: for a flush that waited for it, it is done (a newer line is not what it waited for).
        done(this.#queue.splice(earlier, 1)[0]);
      }
    }
    // A ping takes at most one place, at the head: the cap never drops it.
    if (kind !== "ping" && this.#queue.length >= MAX_QUEUED) {
      this.#report.failed(
        new NotifyError(
          "ENOBUFS",
          `Cannot send notification: ${MAX_QUEUED} notifications already wait for the service manager, ` +
            "which is not reading; this one was dropped",
        ),
      );
      return false;
    }
    let copies: number[] | undefined;
    try {
      copies = fds === undefined ? undefined : duplicate(fds);
    } catch (error) {
      this.#report.failed(asNotifyError(error));
      return false;
    }
    const entry: Queued = { payload: bytes, fds: copies, kind, waiters: [], onDrop };
    if (kind === "ping") {
      this.#queue.unshift(entry);
      clearTimeout(this.#timer as number); // a timer backed off to 50 ms would hold the ping back
      this.#timer = undefined;
    } else {
      this.#queue.push(entry);
    }
    this.#schedule();
    return true;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const pingWaits = this.#queue[0]?.kind === "ping";
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#deliverQueued(true);
    }, pingWaits ? 1 : this.#retryMs);
    unref(this.#timer);
  }

  /** Sends what is queued, oldest first, without waiting; retries later (when `retry`) if the receiver is full. */
  #deliverQueued(retry: boolean): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0];
      try {
        this.#socket.send(next.payload, { timeoutMs: 0, fds: next.fds });
      } catch (error) {
        const failure = asNotifyError(error);
        if (failure.code === "EAGAIN") {
          if (retry) {
            this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
            this.#schedule();
          }
          return;
        }
        // Descriptors refused, not the connection: only this message is given up; otherwise all would meet the error.
        const one = next.fds !== undefined && !CONNECTION_ERRORS.has(failure.code);
        const what = one ? "a queued notification" : `${this.#queue.length} queued notification(s)`;
        const given = new NotifyError(failure.code, `Cannot deliver ${what}: ${failure.message}`, { cause: failure });
        this.#giveUp(this.#queue.splice(0, one ? 1 : this.#queue.length), given);
        continue;
      }
      this.#queue.shift();
      closeAll(next.fds);
      this.#report.delivered();
      this.#retryMs = 1;
      done(next);
    }
    if (this.#closeWhenDone) this.close(); // delivered or given up: the dropped owner's socket goes
  }

  /** Gives up `dropped`: tells their senders, closes their descriptors, reports `error` once, rejects their flushes. */
  #giveUp(dropped: Queued[], error: NotifyError): void {
    for (const queued of dropped) {
      try {
        queued.onDrop?.(error);
      } catch { /* a sender's bookkeeping; the error is reported below */ }
      closeAll(queued.fds);
      for (const waiter of queued.waiters) waiter.reject(error);
    }
    this.#report.failed(error);
  }
}

/** Counts `queued` as done for every flush that waits for it; resolves those it was the last for. */
function done(queued: Queued): void {
  for (const waiter of queued.waiters) if (--waiter.pending === 0) waiter.resolve();
}

function asNotifyError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  return new NotifyError("EIO", `Cannot send notification: ${String(error)}`, { cause: error });
}

function duplicate(fds: readonly number[]): number[] {
  const libc = loadLibc();
  const copies: number[] = [];
  for (const fd of fds) {
    const copy = libc.fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) {
      const code = errnoName(libc.errno());
      closeAll(copies);
      throw new NotifyError(code, `Cannot queue notification: duplicating descriptor ${fd} failed with ${code}`);
    }
    copies.push(copy);
  }
  return copies;
}

function closeAll(fds: readonly number[] | undefined): void {
  if (fds === undefined) return;
  const libc = loadLibc();
  for (const fd of fds) libc.close(fd);
}
