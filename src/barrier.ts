import { loadLibc } from "../ffi/runtime.ts";
import { errnoName } from "./errno.ts";
import { NotifyError } from "./error.ts";
import { O_CLOEXEC, POLLFD, POLLHUP } from "./linux.ts";
import type { Libc } from "./libc.ts";
import { timeoutOption } from "./numeric_option.ts";

/** Options for {@linkcode sdNotifyBarrier}. */
export interface BarrierOptions {
  /** How long to wait for the service manager, in ms (an integer from 0 to 2147483647). @default {5000} */
  timeoutMs?: number;
}

// Not through formatState(), which refuses BARRIER for every other sender.
const BARRIER = new TextEncoder().encode("BARRIER=1");

/**
 * The checked `timeoutMs` of {@linkcode BarrierOptions}, or its default.
 * @throws {NotifyError} `EINVAL` unless an integer from 0 to 2147483647.
 * @example
 * ```ts
 * import { barrierTimeoutMs } from "./barrier.ts";
 *
 * barrierTimeoutMs({}); // 5000
 * ```
 */
export function barrierTimeoutMs(options: BarrierOptions): number {
  return timeoutOption("Cannot pass the notification barrier", "timeoutMs", options.timeoutMs, 5000);
}

/**
 * Sends `BARRIER=1` with the write end of a fresh pipe through `send`, closes that end, and resolves once the read end
 * reports hang-up: the receiver has processed (and closed) its copy, so everything sent before has been processed too.
 * Waits without blocking the event loop.
 * @param delivered Asked once the pipe hangs up: whether the message was delivered, rather than given up by a queue
 * (which also closes the pipe).
 * @returns `false` when `send` returned `false` (no notify socket, or not delivered) or `delivered()` says no; `true`
 * once the barrier passed.
 * @param timeoutMs How long to wait for the hang-up, checked by the caller ({@linkcode barrierTimeoutMs}).
 * @throws {NotifyError} `ETIMEDOUT` after `timeoutMs`; whatever `send` throws.
 *
 * @example
 * ```ts ignore
 * import { barrierThrough } from "./barrier.ts";
 *
 * const passed = await barrierThrough((payload, fds) => socket.send(payload, { fds }), 5000);
 * ```
 */
export async function barrierThrough(
  send: (payload: Uint8Array, fds: readonly number[]) => boolean,
  timeoutMs: number,
  delivered: () => boolean = () => true,
): Promise<boolean> {
  const libc = loadLibc();
  const pipe = new Int32Array(2);
  if (libc.pipe2(new Uint8Array(pipe.buffer), O_CLOEXEC) < 0) {
    const code = errnoName(libc.errno());
    throw new NotifyError(code, `Cannot create the barrier's pipe: pipe2() failed with ${code}`);
  }
  const [readEnd, writeEnd] = pipe;
  try {
    let sent: boolean;
    try {
      sent = send(BARRIER, [writeEnd]);
    } finally {
      libc.close(writeEnd); // the receiver holds the only other copy now
    }
    if (!sent) return false;
    const deadline = performance.now() + timeoutMs;
    for (let delayMs = 1; !hungUp(libc, readEnd); delayMs = Math.min(delayMs * 2, 50)) {
      if (performance.now() > deadline) {
        throw new NotifyError(
          "ETIMEDOUT",
          `Cannot pass the notification barrier: the service manager did not process it within ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return delivered();
  } finally {
    libc.close(readEnd);
  }
}

const pollfd = new Uint8Array(POLLFD.size);
const view = new DataView(pollfd.buffer);

function hungUp(libc: Libc, fd: number): boolean {
  view.setInt32(POLLFD.fd, fd, true);
  view.setInt16(POLLFD.events, 0, true); // POLLHUP is always reported
  view.setInt16(POLLFD.revents, 0, true);
  if (libc.poll(pollfd, 1, 0) < 0) {
    const code = errnoName(libc.errno());
    throw new NotifyError(code, `Cannot wait for the notification barrier: poll() failed with ${code}`);
  }
  return (view.getInt16(POLLFD.revents, true) & POLLHUP) !== 0;
}
