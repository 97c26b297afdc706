// Start-up: import the package, as its users do (its exports: the built dist/), and send one message to
// NOTIFY_SOCKET.
import { sdNotify } from "@x/systemd-watchdog";

if (sdNotify("READY=1") !== true) throw new Error("NOTIFY_SOCKET should be set here");
