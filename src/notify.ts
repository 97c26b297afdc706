import { parseNotifyAddress } from "./address.ts";
import { type BarrierOptions, barrierThrough, barrierTimeoutMs } from "./barrier.ts";
import { type EnvironmentSource, readVariable, unsetVariables } from "./environment.ts";
import { datagramText, encodeState, type NotifyState } from "./message.ts";
import { checkDescriptor, type Datagram, NotifySocket, sendTimeoutOption } from "./notify_socket.ts";

/** Options for {@linkcode sdNotify} and {@linkcode sdNotifyWithFds}. */
export interface NotifyOptions {
  /** Remove `NOTIFY_SOCKET` afterwards (sent or not), so child processes do not inherit it. @default {false} */
  unsetEnvironment?: boolean;
  /** Where to read `NOTIFY_SOCKET`. @default {the process environment} */
  env?: EnvironmentSource;
  /** How long to wait for room in a full receiver queue before `EAGAIN`: an integer from 0 to 60000. @default {100} */
  sendTimeoutMs?: number;
}

let shared: NotifySocket | undefined;
// The last string state, validated, and its bytes once it came twice in a row: a repeated constant ("WATCHDOG=1")
// is validated and encoded once (docs/performance.md measures what this saves); other states go to the socket as
// text, which it encodes into its own buffer.
let lastState: string | undefined;
let lastPayload: Uint8Array | undefined;

function encodeCached(state: NotifyState): Datagram {
  if (typeof state !== "string") return datagramText(state);
  if (state === lastState) return lastPayload ??= encodeState(state);
  const text = datagramText(state);
  [lastState, lastPayload] = [state, undefined];
  return text;
}

function sharedSocket(text: string): NotifySocket {
  if (shared?.address.text !== text) {
    const address = parseNotifyAddress(text); // a malformed one throws before the open socket is closed
    shared?.close();
    shared = new NotifySocket(address);
  }
  return shared;
}

/**
 * Sends a validated datagram (with `fds`, if any) on the shared socket: what
 * {@linkcode sdNotify}, {@linkcode sdNotifyWithFds} and the barrier have in common.
 *
 * @example
 * ```ts ignore
 * import { notifyShared } from "./notify.ts";
 *
 * notifyShared(encodeState("READY=1"), { env: { NOTIFY_SOCKET: "/run/example.sock" } });
 * ```
 */
export function notifyShared(payload: Datagram, options: NotifyOptions, fds?: readonly number[]): boolean {
  // Checked where given, even when there is nowhere to send.
  const timeoutMs = options.sendTimeoutMs === undefined ? undefined : sendTimeoutOption(options.sendTimeoutMs);
  try {
    const socket = readVariable(options.env, "NOTIFY_SOCKET");
    if (socket === undefined || payload.length === 0) return false; // empty: { READY: false } holds nothing to send
    sharedSocket(socket).send(payload, { timeoutMs, fds });
    return true;
  } finally {
    if (options.unsetEnvironment) forgetNotifySocket(options.env);
  }
}

/** `unsetEnvironment`: removes NOTIFY_SOCKET and closes the shared socket (nothing will be sent again; libsystemd keeps no socket either). */
function forgetNotifySocket(env: EnvironmentSource | undefined): void {
  unsetVariables(env, ["NOTIFY_SOCKET"]);
  closeSharedSocket();
}

/**
 * Closes the socket that {@linkcode sdNotify} and the other free functions keep open between calls; the next call opens
 * a new one. `unsetEnvironment` closes it too.
 *
 * @example
 * ```ts
 * import { closeSharedSocket, sdNotify } from "@x/systemd-watchdog";
 *
 * sdNotify("STOPPING=1");
 * closeSharedSocket(); // e.g. before handing the process over to something else
 * ```
 */
export function closeSharedSocket(): void {
  shared?.close();
  shared = undefined;
}

/**
 * Mirrors sd_notify(3): validates `state`, then sends it to the socket named by `NOTIFY_SOCKET` as one datagram. One
 * socket is kept open for all calls and follows `NOTIFY_SOCKET` if it changes.
 * @returns `true` when sent, `false` when `NOTIFY_SOCKET` is unset (not running under a service manager that listens).
 * @throws {NotifyError} `EINVAL` for a malformed state or `NOTIFY_SOCKET`; the kernel's errno name (`ENOENT`,
 * `ECONNREFUSED`, `EAGAIN`, ...) when sending fails; `EPERM` when Deno lacks `--allow-ffi` or `--allow-env`, or Node.js
 * runs with `--permission` but not `--allow-ffi`; `ENOSYS` on a Node.js without `node:ffi` (before 26.1).
 *
 * @example
 * ```ts
 * import { sdNotify } from "@x/systemd-watchdog";
 *
 * sdNotify("READY=1\nSTATUS=Serving on :8080");
 * sdNotify({ STATUS: "Reloading", RELOADING: true, MONOTONIC_USEC: 123n });
 * ```
 */
export function sdNotify(state: NotifyState, options: NotifyOptions = {}): boolean {
  let payload: Datagram;
  try {
    payload = encodeCached(state);
  } catch (error) {
    if (options.unsetEnvironment) forgetNotifySocket(options.env);
    throw error;
  }
  return notifyShared(payload, options);
}

/**
 * Mirrors sd_pid_notify_with_fds(3): sends `state` with file descriptors attached (SCM_RIGHTS), e.g. to store them in
 * the service manager's file descriptor store (`FDSTORE=1`, `FDNAME=...`; needs `FileDescriptorStoreMax=`). The
 * descriptors stay open here: close them when you no longer need them.
 * @throws {NotifyError} `EINVAL` for a malformed state or descriptor, `E2BIG` for more than 253 descriptors, and
 * whatever {@linkcode sdNotify} throws.
 *
 * @example
 * ```ts
 * import { sdNotifyWithFds } from "@x/systemd-watchdog";
 *
 * const listenerFd = 3; // e.g. a socket this service wants back after a restart
 * sdNotifyWithFds({ FDSTORE: true, FDNAME: "http" }, [listenerFd]);
 * ```
 */
export function sdNotifyWithFds(state: NotifyState, fds: readonly number[], options: NotifyOptions = {}): boolean {
  for (const fd of fds) checkDescriptor(fd); // checked even when there is nowhere to send
  return notifyShared(datagramText(state), options, fds);
}

/**
 * Mirrors sd_notify_barrier(3): resolves once the service manager has processed every notification this process sent
 * before it, e.g. so that a short-lived process does not exit before its `READY=1` is seen. Waits without blocking the
 * event loop.
 * @returns `true` once passed, `false` when `NOTIFY_SOCKET` is unset.
 * @throws {NotifyError} `ETIMEDOUT` after `timeoutMs` (default 5000), and whatever {@linkcode sdNotify} throws.
 *
 * @example
 * ```ts
 * import { sdNotify, sdNotifyBarrier } from "@x/systemd-watchdog";
 *
 * sdNotify("READY=1");
 * await sdNotifyBarrier();
 * // systemd has seen READY=1: exiting now cannot overtake it.
 * ```
 */
export async function sdNotifyBarrier(options: NotifyOptions & BarrierOptions = {}): Promise<boolean> {
  const timeoutMs = barrierTimeoutMs(options); // checked where given, even when there is nowhere to send
  // Not under a service manager: nothing to wait for, and no FFI to open.
  if (readVariable(options.env, "NOTIFY_SOCKET") === undefined) return false;
  return await barrierThrough((payload, fds) => notifyShared(payload, options, fds), timeoutMs);
}
