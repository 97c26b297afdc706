/**
 * sd_notify(3) and sd_watchdog_enabled(3) for Deno, Bun and Node.js 26: tell
 * systemd a service is ready, what it is doing, and that it is still alive.
 * Messages go straight to `NOTIFY_SOCKET` through libc over FFI
 * (`Deno.dlopen`, `bun:ffi` or `node:ffi`): no native addon, no child
 * process, and abstract-namespace sockets (`@name`) work too.
 *
 * @example Python's systemd_watchdog API, in camelCase
 * ```ts
 * import { watchdog } from "@x/systemd-watchdog";
 *
 * const wd = watchdog();
 * wd.status("Starting my service...");
 * wd.ready();
 * setInterval(() => wd.ping(), 1000);
 * ```
 *
 * @example The raw protocol
 * ```ts
 * import { sdNotify, sdWatchdogEnabled } from "@x/systemd-watchdog";
 *
 * sdNotify({ READY: true, STATUS: "Serving" });
 * const intervalUsec = sdWatchdogEnabled();
 * ```
 *
 * The transport and the protocol's building blocks (`NotifySocket`,
 * `formatState()`, ...) are in `@x/systemd-watchdog/advanced`; test helpers in
 * `@x/systemd-watchdog/testing`.
 *
 * @module
 */

export type { Environment, EnvironmentSource } from "./src/environment.ts";
export { NotifyError } from "./src/error.ts";
export type { NotifyErrorCode, NotifyErrorOptions } from "./src/error.ts";
export type { NotifyAssignments, NotifyState, NotifyValue } from "./src/message.ts";
export { monotonicUsec } from "./src/monotonic.ts";
export { sdBooted } from "./src/booted.ts";
export { sdIsFifo, sdIsMq, sdIsSocket, sdIsSocketInet, sdIsSocketUnix, sdIsSpecial } from "./src/descriptor_checks.ts";
export type {
  InetSocketCheckOptions,
  SocketCheckOptions,
  SocketFamily,
  SocketType,
  UnixSocketCheckOptions,
} from "./src/descriptor_checks.ts";
export type { BarrierOptions } from "./src/barrier.ts";
export { SD_LISTEN_FDS_START, sdListenFds, sdListenFdsWithNames } from "./src/listen_fds.ts";
export type { ListenFd, ListenFdsOptions } from "./src/listen_fds.ts";
export { closeSharedSocket, sdNotify, sdNotifyBarrier, sdNotifyWithFds } from "./src/notify.ts";
export type { NotifyOptions } from "./src/notify.ts";
export type { HealthAnswer, KeepAlive, KeepAliveOptions } from "./src/keep_alive.ts";
export type { NotifyErrorHandler } from "./src/error_report.ts";
export { Watchdog, watchdog } from "./src/watchdog.ts";
export type { FlushOptions, WatchdogOptions } from "./src/watchdog.ts";
export type { ServicePhase } from "./src/lifecycle.ts";
export type { StallReportOptions } from "./src/stall_report.ts";
export type { ReloadHandler, ReloadListener, ReloadOptions, ReloadSignal } from "./src/reload.ts";
export { sdWatchdogEnabled } from "./src/watchdog_enabled.ts";
export type { WatchdogEnabledOptions } from "./src/watchdog_enabled.ts";
