/**
 * A Bun daemon under systemd: reports start-up, pings the watchdog, reloads on
 * SIGHUP (onReload) and stops cleanly on SIGTERM. Run it with examples/bun-daemon.service.
 *
 *     bun bun_daemon.ts
 */
import { watchdog } from "@x/systemd-watchdog";

// One Watchdog for the life of the process. Its methods never throw because systemd could not be
// reached: they return false, and the reason goes to stderr (or to an onError option).
const wd = watchdog();
let settings = { jobEveryMs: 200 };
let jobs = 0;

function loadSettings(): void {
  // A real daemon would read its configuration file here.
  settings = { ...settings };
}

wd.status("Loading settings...");
loadSettings();
let work = setInterval(() => jobs++, settings.jobEveryMs);

// systemctl reload sends SIGHUP: onReload() answers RELOADING=1, runs this, then READY=1. If it throws, the
// old settings stay and the status says why. Installed before ready(): systemd may reload right after it.
wd.onReload(() => {
  loadSettings();
  clearInterval(work);
  work = setInterval(() => jobs++, settings.jobEveryMs);
  wd.status(`Reloaded after ${jobs} jobs`);
});
wd.ready();
wd.status(`Running (watchdog ${wd.isEnabled ? `every ${wd.timeoutMs} ms` : "off"})`);

// ping() sends WATCHDOG=1 only when half the interval has passed, so a short period costs nothing.
// If the event loop is blocked, this timer stops firing and systemd restarts the daemon.
const pings = setInterval(() => wd.ping(), 1000);

process.on("SIGTERM", async () => {
  wd.stopping();
  wd.status(`Stopping after ${jobs} jobs`);
  clearInterval(work);
  clearInterval(pings);
  // Anything still queued behind a busy service manager is delivered before we exit.
  await wd.flush().catch((error) => console.error(error.message));
  process.exit(0);
});
