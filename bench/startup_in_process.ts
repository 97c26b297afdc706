// Start-up measured inside one process, which a run of its own cannot blur: a one-line module is imported first (the
// runtime's own cost of any import is paid there), then the package as its users import it (dist/), then one message
// is sent to NOTIFY_SOCKET, then a Watchdog is made, sends its first status line and is closed (after the send, so it
// measures what a Watchdog adds to a process that has sent). Prints the nanoseconds of each step as JSON. BENCH_OURS
// names another build's mod.js (bench/plainer.ts, bench/since.ts).
import process from "node:process";

const timed = async (step: () => unknown): Promise<number> => {
  const started = performance.now();
  await step();
  return (performance.now() - started) * 1e6;
};

const oneLine = await timed(() => import("./one_line.ts"));
let ours: typeof import("@x/systemd-watchdog") | undefined;
const importing = await timed(async () => ours = await import(process.env.BENCH_OURS ?? "@x/systemd-watchdog"));
const sending = await timed(() => {
  if (ours!.sdNotify("READY=1") !== true) throw new Error("NOTIFY_SOCKET should be set here");
});
const statusLine = await timed(() => {
  const wd = ours!.watchdog();
  if (wd.status("Serving") !== true) throw new Error("the status line was not sent");
  wd.close();
});
console.log(JSON.stringify({
  "a one-line module": oneLine,
  "then the package": importing,
  "then one send": sending,
  "then watchdog(), its first status() and close()": statusLine,
}));
