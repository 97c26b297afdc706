// Run by tests/node.test.ts on a given Node.js: imports the package, makes each call, and prints
// one JSON object of what each call returned or threw. Calls that reach NOTIFY_SOCKET use the
// environment this process was started with.
import process from "node:process";
import { sdNotify, sdWatchdogEnabled, watchdog } from "../../mod.ts";
import { formatState, parseNotifyAddress } from "../../advanced.ts";

const results: Record<string, unknown> = {};
function attempt(name: string, call: () => unknown): void {
  try {
    results[name] = { value: call() };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    results[name] = { code, message };
  }
}

attempt(
  "sdWatchdogEnabled",
  () => sdWatchdogEnabled({ env: { WATCHDOG_USEC: "2000000", WATCHDOG_PID: String(process.pid) } }),
);
// Without NOTIFY_SOCKET there is nobody to ping: not enabled (and no FFI needed).
attempt("isEnabled", () => watchdog({ env: { WATCHDOG_USEC: "2000000" } }).isEnabled);
attempt("formatState", () => formatState({ READY: true, STATUS: "up" }));
attempt("parseNotifyAddress", () => parseNotifyAddress("@name").kind);
attempt("sdNotify", () => sdNotify("READY=1"));
attempt("watchdog", () => watchdog().ready());
// Whether anything loaded node:ffi: it is a built-in module, listed once loaded.
const { moduleLoadList } = process as unknown as { moduleLoadList: string[] };
results.ffiLoaded = moduleLoadList.includes("NativeModule ffi");
console.log(JSON.stringify(results));
