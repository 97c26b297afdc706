/**
 * The transport and the protocol's building blocks, for tools that manage a
 * notify socket themselves (a relay, a test harness) or check a state without
 * sending it. A service needs none of this: `watchdog()` and `sdNotify()` from
 * `@x/systemd-watchdog` do it all.
 *
 * @example
 * ```ts
 * import { formatState, NotifySocket, parseNotifyAddress } from "@x/systemd-watchdog/advanced";
 *
 * const datagram = formatState({ READY: true, STATUS: "Serving" }); // "READY=1\nSTATUS=Serving"
 * using socket = new NotifySocket(parseNotifyAddress("/run/my-relay.sock"));
 * ```
 *
 * @module
 */

export { parseNotifyAddress } from "./src/address.ts";
export type { NotifyAddress } from "./src/address.ts";
export { encodeState, formatState, MAX_DATAGRAM_BYTES } from "./src/message.ts";
export { NotifySocket } from "./src/notify_socket.ts";
export type { NotifySendOptions, NotifySocketOptions } from "./src/notify_socket.ts";
export { readWatchdogEnvironment } from "./src/watchdog_enabled.ts";
export type { WatchdogEnvironment } from "./src/watchdog_enabled.ts";
