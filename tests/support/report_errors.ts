// Sends through a Watchdog with the default onError while the receiver is missing, present, then gone;
// prints what each send returned. NOTIFY_SOCKET names a path with no socket yet.
import process from "node:process";
import { watchdog } from "../../mod.ts";
import { DatagramReceiver } from "../../src/datagram_receiver.ts";

const wd = watchdog({ env: { NOTIFY_SOCKET: process.env.NOTIFY_SOCKET, WATCHDOG_USEC: "1000000" } });
const results: boolean[] = [];
for (let i = 0; i < 5; i++) results.push(wd.status(`missing ${i}`), wd.notify());
const receiver = new DatagramReceiver(process.env.NOTIFY_SOCKET!);
results.push(wd.ready());
receiver.close();
for (let i = 0; i < 3; i++) results.push(wd.notify());
wd.close();
for (let i = 0; i < 2; i++) results.push(wd.notify());
console.log(results.map(Number).join(""));
