/**
 * Whether a send path got slower than at an earlier commit (#23: "no path may get slower than today"). Each case of
 * bench/floor.ts runs through this checkout's dist/ ("now") and through REV's committed dist/ ("then"), each in its
 * own process of bench/bare_ffi.ts, with the bare `sendmsg()` beside them, in interleaved rounds; the best of each
 * side is compared, and the median RSS at the end of each side's processes; then start-up in one process
 * (bench/startup_in_process.ts), now and then. npm run bench compares the paths with ce811ad's in its plainer-code
 * step (bench/plainer.ts); this script adds RSS and takes any REV. Run alone, with a receiver it starts:
 *   deno run --allow-all bench/since.ts [REV]   (default ce811ad, the commit #23 was filed on; BENCH_ROUNDS=7,
 *   FLOOR_N=100000 calls per process)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { bestOf, distAt, interleaved, median, startUpInProcess, withReceiver } from "./floor.ts";
import { FLOOR_CASES } from "./messages.ts";

const rev = process.argv.find((arg, i) => i > 0 && !arg.endsWith(".ts") && !arg.startsWith("-")) ?? "ce811ad";
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const N = Number(process.env.FLOOR_N ?? 100_000);

/** Measures every case now, then and bare, sending to `address`, and prints the best of each and the RSS. */
function compare(address: string, then: string): void {
  const { ns, rss } = interleaved(
    address,
    [["now", "ours"], ["then", "ours", then], ["bare", "bare-sendmsg"]],
    rounds,
    N,
  );
  const best = bestOf(ns);
  console.log(`best ns per call of ${rounds} rounds, now (this checkout's dist/) and then (${rev}'s)`);
  console.log(
    `${"path".padEnd(28)}${"runtime".padStart(8)}${"now".padStart(8)}${"then".padStart(8)}` +
      `${"now/then".padStart(10)}${"bare".padStart(8)}`,
  );
  for (const [runtime, cases] of Object.entries(best)) {
    for (const [name, { now, then, bare }] of Object.entries(cases)) {
      console.log(
        `${name.padEnd(28)}${runtime.padStart(8)}${now.toFixed(0).padStart(8)}${then.toFixed(0).padStart(8)}` +
          `${(now / then).toFixed(2).padStart(10)}${bare.toFixed(0).padStart(8)}`,
      );
    }
  }
  console.log(`RSS at the end of a process, MB, median of ${rounds * FLOOR_CASES.length}: now, then, bare`);
  for (const [runtime, { now, then, bare }] of Object.entries(rss)) {
    console.log(`${runtime.padEnd(8)}${[now, then, bare].map((mb) => median(mb).toFixed(1).padStart(8)).join("")}`);
  }
}

/** Start-up, now and then: bench/startup_in_process.ts's steps, medians of `rounds` * 2 processes per side, in ms. */
function compareStartUp(address: string, then: string): void {
  const steps = startUpInProcess(address, [["now"], ["then", then]], rounds * 2);
  console.log(`start-up in one process, ms, median of ${rounds * 2} processes: now / then`);
  for (const [runtime, byStep] of Object.entries(steps)) {
    const cells = Object.entries(byStep).map(([step, sides]) =>
      `${step} ${(median(sides.now) / 1e6).toFixed(1)} / ${(median(sides.then) / 1e6).toFixed(1)}`
    );
    console.log(`${runtime.padEnd(6)}${cells.join(", ")}`);
  }
}

const directory = mkdtempSync(`${tmpdir()}/sdw-since-`);
try {
  const then = distAt(rev, directory);
  await withReceiver("since", (address) => {
    compare(address, then);
    compareStartUp(address, then);
  });
} finally {
  rmSync(directory, { recursive: true, force: true });
}
