// Start-up: import the package, as its users do (its exports: the built dist/), with NOTIFY_SOCKET unset. Run on
// Deno without --allow-ffi: it must load no FFI.
import { sdNotify } from "@x/systemd-watchdog";

if (sdNotify("READY=1") !== false) throw new Error("NOTIFY_SOCKET should be unset here");
