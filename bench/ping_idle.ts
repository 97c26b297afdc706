// A million ping() calls that are never due, for counting the system calls they make (none).
import { watchdog } from "../mod.ts";

const wd = watchdog({
  env: { NOTIFY_SOCKET: "@sdw-bench-idle", WATCHDOG_USEC: String(10n ** 12n) },
  onError: () => {}, // nothing listens there: the one attempt below fails, quietly
});
wd.notify(); // a new Watchdog is due at once; after this, not for 500,000 s
let sent = 0;
for (let i = 0; i < 1_000_000; i++) if (wd.ping()) sent++;
if (sent !== 0) throw new Error(`${sent} pings were due`);
