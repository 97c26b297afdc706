/**
 * Test helpers for code that uses `@x/systemd-watchdog`: a real notify socket,
 * bound in-process, that collects what the code under test sends.
 *
 * @example
 * ```ts
 * import { sdNotify } from "@x/systemd-watchdog";
 * import { FakeNotifySocket } from "@x/systemd-watchdog/testing";
 *
 * await using fake = await FakeNotifySocket.open();
 * sdNotify({ READY: true, STATUS: "Serving" }, { env: fake.env });
 * console.log(fake.messages); // [{ READY: "1", STATUS: "Serving" }]
 * ```
 *
 * @module
 */

export { FakeNotifySocket } from "./src/fake_notify_socket.ts";
export type { FakeNotifySocketOptions, NotifyMessage, WaitForOptions } from "./src/fake_notify_socket.ts";
