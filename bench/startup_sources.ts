// Start-up: import the sources (mod.ts and the modules under it) with NOTIFY_SOCKET unset, for comparison
// with the built dist/ that the package exports.
import { sdNotify } from "../mod.ts";

if (sdNotify("READY=1") !== false) throw new Error("NOTIFY_SOCKET should be unset here");
