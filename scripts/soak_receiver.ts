/**
 * The soak's receiving side, in its own process: binds the address given as the
 * last argument, prints "ready", counts datagrams until "STATUS=done", prints the count.
 */
import process from "node:process";
import { Receiver } from "../tests/support/receiver.ts";

const receiver = new Receiver(process.argv.at(-1));
console.log("ready");
let count = 0;
for (;;) {
  const message = receiver.tryReceive();
  if (message === undefined) continue;
  if (message === "STATUS=done") break;
  count++;
}
receiver.close();
console.log(count);
