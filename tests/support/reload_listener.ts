/**
 * Installs a reload listener for SIGUSR2 and says whether the kernel now counts the signal as caught (systemd since
 * systemd/systemd#39692 fails a Type=notify-reload service whose reload signal is not caught by its first READY=1); then, by the last argument: `keep` returns
 * (the process must exit by itself), `close-listener` or `close-watchdog` removes it and sends itself SIGUSR2,
 * which must then end the process as SIGUSR2 does by default; `close-during-reload` closes the Watchdog while a
 * handler that never settles runs (with a 60 s timeoutMs), and the process must exit by itself.
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { watchdog } from "../../mod.ts";

/** Whether signal `number` is in this process's caught set (SigCgt of /proc/self/status, a hex mask). */
const caught = (number: number) => {
  const mask = BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"))![1]}`);
  return ((mask >> BigInt(number - 1)) & 1n) === 1n;
};

const mode = process.argv.at(-1);
const SIGUSR2 = 12;
const before = caught(SIGUSR2);
const wd = watchdog({ env: {} });
const listener = mode === "close-during-reload"
  ? wd.onReload(() => {
    console.log("reloading");
    setTimeout(() => wd.close(), 10); // during the reload
    return new Promise<void>(() => {}); // never settles
  }, { signal: "SIGUSR2", timeoutMs: 60_000 })
  : wd.onReload(() => console.log("reloaded"), { signal: "SIGUSR2" });
console.log(`listening: ${listener.active}; SIGUSR2 caught before: ${before}, at once: ${caught(SIGUSR2)}`);
if (mode === "close-listener") listener.close();
if (mode === "close-watchdog") wd.close();
if (mode === "close-during-reload") {
  process.kill(process.pid, "SIGUSR2");
  setTimeout(() => {}, 200); // alive until the signal has come
} else if (mode !== "keep") {
  console.log(`closed: ${!listener.active}`);
  process.kill(process.pid, "SIGUSR2");
  setTimeout(() => console.log("survived SIGUSR2"), 2000);
}
