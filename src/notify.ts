/**
 * sd_notify(3): send state changes to the service manager.
 *
 * @module
 */

import { parseNotifyAddress } from "./address.ts";
import { type EnvironmentSource, toEnvironment } from "./environment.ts";
import { encodeState, type NotifyState } from "./message.ts";
import { NotifySocket } from "./notify_socket.ts";

/** Options for {@linkcode sdNotify}. */
export interface NotifyOptions {
  /** Remove `NOTIFY_SOCKET` afterwards (sent or not), so child processes do not inherit it. @default {false} */
  unsetEnvironment?: boolean;
  /** Where to read `NOTIFY_SOCKET`. @default {the process environment} */
  env?: EnvironmentSource;
  /** How long to wait for room in a full receiver queue before `EAGAIN`. @default {100} */
  sendTimeoutMs?: number;
}

let shared: NotifySocket | undefined;
// The last string state and its datagram: a repeated constant ("WATCHDOG=1") is validated and encoded once.
let lastState: string | undefined;
let lastPayload: Uint8Array | undefined;

function encodeCached(state: NotifyState): Uint8Array {
  if (typeof state !== "string") return encodeState(state);
  if (state !== lastState) [lastPayload, lastState] = [encodeState(state), state];
  return lastPayload!;
}

function sharedSocket(text: string): NotifySocket {
  if (shared?.address.text !== text) {
    shared?.close();
    shared = new NotifySocket(parseNotifyAddress(text));
  }
  return shared;
}

/**
 * Mirrors sd_notify(3): validates `state`, then sends it to the socket named
 * by `NOTIFY_SOCKET` as one datagram. One socket is kept open for all calls
 * and follows `NOTIFY_SOCKET` if it changes.
 *
 * @returns `true` when sent, `false` when `NOTIFY_SOCKET` is unset (not
 * running under a service manager that listens).
 * @throws {NotifyError} `EINVAL` for a malformed state or `NOTIFY_SOCKET`;
 * the kernel's errno name (`ENOENT`, `ECONNREFUSED`, `EAGAIN`, ...) when
 * sending fails; `EPERM` when Deno lacks `--allow-ffi` or `--allow-env`.
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
  const env = toEnvironment(options.env);
  try {
    const payload = encodeCached(state);
    const socket = env.get("NOTIFY_SOCKET");
    if (socket === undefined) return false;
    sharedSocket(socket).send(payload, options.sendTimeoutMs);
    return true;
  } finally {
    if (options.unsetEnvironment) env.delete("NOTIFY_SOCKET");
  }
}
