/**
 * A receiver in its own process: binds the address given as the first
 * argument, prints "ready", drains datagrams as fast as it can until one is
 * "STATUS=done", then prints every datagram it got as one JSON array.
 *
 * Run with either runtime: `deno run -A drain_receiver.ts ADDRESS` or
 * `bun drain_receiver.ts ADDRESS`.
 */
import { Receiver } from "./receiver.ts";

const receiver = new Receiver(process.argv.at(-1));
console.log("ready");
const received: string[] = [];
for (;;) {
  const message = receiver.tryReceive();
  if (message === undefined) continue;
  if (message === "STATUS=done") break;
  received.push(message);
}
receiver.close();
console.log(JSON.stringify(received));
