// Makes 500 Watchdogs that each open a socket, drops them without close(), collects garbage,
// and prints the open descriptor counts: before, with all 500 open, and after collection.
import { readdirSync } from "node:fs";
import { watchdog } from "../../mod.ts";
import { Receiver, uniqueAddress } from "./receiver.ts";

const openFds = () => readdirSync("/proc/self/fd").length;
const runtime = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
const collect = () => (runtime.Bun ? runtime.Bun.gc(true) : runtime.gc!());

const receiver = new Receiver(uniqueAddress("abstract"));
const before = openFds();
(() => {
  for (let i = 0; i < 500; i++) {
    watchdog({ env: receiver.env }).notify();
    receiver.drain();
  }
})();
const opened = openFds();
let after = opened;
for (let round = 0; round < 50 && after > before; round++) {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 20)); // finalizers run between tasks
  after = openFds();
}
console.log(JSON.stringify({ before, opened, after }));
