/**
 * Makes a Watchdog, opens files until the process has no descriptor left, then awaits `wd.barrier()` and prints
 * `<result> <onError codes>` (say `false EMFILE`). Run it with a low `ulimit -n`.
 */
import { closeSync, openSync } from "node:fs";
import { watchdog } from "../../mod.ts";

const codes: string[] = [];
const wd = watchdog({ onError: (error) => codes.push(error.code) });
wd.status("before the barrier"); // the socket is open and connected
const held: number[] = [];
try {
  for (;;) held.push(openSync("/dev/null", "r"));
} catch { /* EMFILE: no descriptor left for the barrier's pipe */ }
const barrier = wd.barrier({ timeoutMs: 5000 });
for (const fd of held) closeSync(fd);
console.log(`${await barrier} ${codes.join(",")}`);
wd.close();
