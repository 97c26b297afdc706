/**
 * Installs a reload listener for SIGUSR2, then, by the first argument: `keep` returns (the process must exit by
 * itself), `close-listener` or `close-watchdog` removes it and sends itself SIGUSR2, which must then end the
 * process as SIGUSR2 does by default.
 */
import process from "node:process";
import { watchdog } from "../../mod.ts";

const mode = process.argv.at(-1);
const wd = watchdog({ env: {} });
const listener = wd.onReload(() => console.log("reloaded"), { signal: "SIGUSR2" });
console.log(`listening: ${listener.active}`);
if (mode === "close-listener") listener.close();
if (mode === "close-watchdog") wd.close();
if (mode !== "keep") {
  console.log(`closed: ${!listener.active}`);
  process.kill(process.pid, "SIGUSR2");
  setTimeout(() => console.log("survived SIGUSR2"), 2000);
}
