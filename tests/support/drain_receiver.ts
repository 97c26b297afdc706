/**
 * A receiver in its own process: binds the address given as the first
 * argument, prints "ready", drains datagrams as fast as it can until one is
 * "STATUS=done", then prints every datagram it got as one JSON array. After
 * 10 s without a datagram it gives up: prints what it got and exits 2.
 *
 * Run with either runtime: `deno run -A drain_receiver.ts ADDRESS` or
 * `bun drain_receiver.ts ADDRESS`.
 */
import process from "node:process";
import { Receiver } from "./receiver.ts";

const receiver = new Receiver(process.argv.at(-1));
console.log("ready");
const received: string[] = [];
let lastAt = performance.now();
let done = false;
while (!done) {
  const message = receiver.tryReceive();
  if (message === undefined) {
    if (performance.now() - lastAt > 10_000) break; // the sender failed: do not spin forever
    continue;
  }
  lastAt = performance.now();
  if (message === "STATUS=done") done = true;
  else received.push(message);
}
receiver.close();
console.log(JSON.stringify(received));
if (!done) process.exit(2);
