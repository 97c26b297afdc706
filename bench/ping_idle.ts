// A million ping() calls that are never due (or as many as the first argument says), for counting the
// system calls they make (none): the bench subtracts a run with 0, which counts only the setup.
import process from "node:process";
import { watchdog } from "../mod.ts";

const count = Number(process.argv.at(-1)) >= 0 ? Number(process.argv.at(-1)) : 1_000_000;

const wd = watchdog({
  env: { NOTIFY_SOCKET: "@sdw-bench-idle", WATCHDOG_USEC: String(10n ** 12n) },
  onError: () => {}, // nothing listens there: the one attempt below fails, quietly
});
wd.notify(); // a new Watchdog is due at once; after this, not for 500,000 s
let sent = 0;
for (let i = 0; i < count; i++) if (wd.ping()) sent++;
if (sent !== 0) throw new Error(`${sent} pings were due`);
