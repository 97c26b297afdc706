/** Starts a keep-alive and returns: the process must exit by itself, as the timer is unref'd. */
import process from "node:process";
import { watchdog } from "../../mod.ts";

const wd = watchdog({ env: { NOTIFY_SOCKET: process.env.NOTIFY_SOCKET, WATCHDOG_USEC: "1000000" }, keepAlive: true });
console.log(wd.isEnabled ? "keeping alive" : "not enabled");
