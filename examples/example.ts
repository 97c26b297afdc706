/**
 * example.py from Python's systemd_watchdog, ported call for call.
 *
 * Under systemd (Type=notify, WatchdogSec=...), or by hand with socat, in two terminals (socat writes the datagrams
 * one after another, with no line break between them; examples/quick_example.ts prints one per line):
 *
 *     socat -u unix-recv:/tmp/tempo.sock,unlink-early stdout
 *     NOTIFY_SOCKET=/tmp/tempo.sock WATCHDOG_USEC=5000000 deno run --allow-env --allow-ffi examples/example.ts
 *
 * example.py sleeps 3 s and int(5 s / 2) = 2 s for its WATCHDOG_USEC=5000000. Here those waits are
 * the same fractions of whatever interval WATCHDOG_USEC sets, so a short interval runs it quickly.
 */
import { watchdog } from "../mod.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const wd = watchdog();
if (!wd.isEnabled) {
  // Then it's probably not running in systemd with watchdog enabled
  throw new Error("Watchdog not enabled");
}
const pause = 0.6 * wd.timeoutMs; // example.py: time.sleep(3)
const step = 0.01 * wd.timeoutMs; // example.py: time.sleep(0.05)

// Report a status message
wd.status("Starting my service...");
await sleep(pause);

// Report that the program init is complete
wd.ready();
wd.status("Init is complete...");
wd.notify();
await sleep(pause);

// Compute time between notifications: example.py's int(timeout / 2e6) seconds, 2 s of 5 s
const timeoutHalf = 0.4 * wd.timeoutMs;
wd.status("Sleeping and then notify x 3");
await sleep(timeoutHalf);
wd.notify();
await sleep(timeoutHalf);
wd.notify();
await sleep(timeoutHalf);
wd.notify();
wd.status("Spamming loop - should only see 2-3 notifications");
// example.py adds up its nominal sleeps; the clock is used here so timer drift cannot add a ping.
const start = performance.now();
while (performance.now() - start <= 4 * timeoutHalf) {
  await sleep(step);
  wd.ping();
}

// Report an error to the service manager
wd.notifyError("An irrecoverable error occurred!");
// The service manager will probably kill the program here
await sleep(pause);
