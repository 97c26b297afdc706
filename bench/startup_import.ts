// Start-up: import the package with NOTIFY_SOCKET unset. Run on Deno without --allow-ffi: it must load no FFI.
import { sdNotify } from "../mod.ts";

if (sdNotify("READY=1") !== false) throw new Error("NOTIFY_SOCKET should be unset here");
