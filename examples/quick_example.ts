/**
 * systemd_watchdog's Quick Example without socat: binds a notify socket, runs
 * examples/example.ts against it on this same runtime, and prints every
 * datagram it receives, one per line.
 *
 *     deno run --allow-all examples/quick_example.ts     (npm run demo)
 *     bun examples/quick_example.ts
 *     node_modules/.bin/node examples/quick_example.ts   (Node.js 26.1 or later)
 *
 * WATCHDOG_USEC in the environment sets the interval (default 1000000: about 5 s in all).
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { FakeNotifySocket } from "@x/systemd-watchdog/testing";

const example = fileURLToPath(new URL("./example.ts", import.meta.url));
// Deno needs its permissions; Node.js would print an ExperimentalWarning for node:ffi in the middle of the output.
const args = "Deno" in globalThis
  ? ["run", "--allow-env", "--allow-ffi", example]
  : "Bun" in globalThis
  ? [example]
  : ["--disable-warning=ExperimentalWarning", example];
const receiver = await FakeNotifySocket.open({ abstract: true });
const child = spawn(process.execPath, args, {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, NOTIFY_SOCKET: receiver.address, WATCHDOG_USEC: process.env.WATCHDOG_USEC ?? "1000000" },
});
const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
let running = true;
void exited.then(() => (running = false));

let printed = 0;
const print = () => {
  const received = receiver.datagrams; // read once: each read collects what has arrived since
  for (const datagram of received.slice(printed)) {
    process.stdout.write(datagram.endsWith("\n") ? datagram : datagram + "\n");
  }
  printed = received.length;
};
while (running) {
  print();
  await new Promise((resolve) => setTimeout(resolve, 5));
}
print();
receiver.close();
process.exitCode = (await exited) ?? 1;
