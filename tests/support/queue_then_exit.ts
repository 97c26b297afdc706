// Fills a receiver's queue, queues more behind it, and returns: the background delivery's
// timer must not keep the process alive. Prints how many messages were queued.
import { watchdog } from "../../mod.ts";
import { Receiver, uniqueAddress } from "./receiver.ts";

const receiver = new Receiver(uniqueAddress("abstract"));
const wd = watchdog({ env: receiver.env, sendTimeoutMs: 0 });
for (let i = 0; i < 100; i++) wd.send({ X_APP: i });
console.log(`queued ${wd.queued}`);
