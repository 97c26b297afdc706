// Start-up: import the package and send one message to NOTIFY_SOCKET.
import { sdNotify } from "../mod.ts";

if (sdNotify("READY=1") !== true) throw new Error("NOTIFY_SOCKET should be set here");
