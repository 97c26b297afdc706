/**
 * What stall reports cost, on each runtime: RSS, the time watchdog() takes, and one notify(), with them on against
 * off, in pairs of fresh processes (bench/stall_child.ts), 7 pairs per runtime by default (BENCH_PAIRS). Prints a
 * table of medians; npm run bench runs it and keeps its result.
 *
 *     deno run --allow-all bench/stall_report.ts
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const child = `${root}bench/stall_child.ts`;
const pairs = Number(process.env.BENCH_PAIRS ?? 7);
const runtimes: Record<string, string[]> = {
  deno: [`${root}node_modules/.bin/deno`, "run", "--allow-all", child],
  bun: [`${root}node_modules/.bin/bun`, child],
  node: [`${root}node_modules/node/bin/node`, "--disable-warning=ExperimentalWarning", child],
};

interface Measured {
  createMs: number;
  rss: number;
  notifyNs: number;
}

function measure(command: string[], mode: "on" | "off"): Measured {
  const result = spawnSync(command[0], [...command.slice(1), mode], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command.join(" ")} ${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

/** Medians per runtime: RSS added (MB), watchdog() and ready() added (ms), notify() with against without. */
export function stallReportCosts(): Record<string, { rssMB: number; createMs: number; notifyRatio: number }> {
  const costs: Record<string, { rssMB: number; createMs: number; notifyRatio: number }> = {};
  for (const [name, command] of Object.entries(runtimes)) {
    const rss: number[] = [], create: number[] = [], notify: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const off = measure(command, "off");
      const on = measure(command, "on");
      rss.push((on.rss - off.rss) / 2 ** 20);
      create.push(on.createMs - off.createMs);
      notify.push(on.notifyNs / off.notifyNs);
    }
    costs[name] = { rssMB: median(rss), createMs: median(create), notifyRatio: median(notify) };
  }
  return costs;
}

if (import.meta.main) {
  const costs = stallReportCosts();
  console.log("stall reports on, against off (medians of pairs):");
  for (const [name, { rssMB, createMs, notifyRatio }] of Object.entries(costs)) {
    console.log(
      `  ${name.padEnd(5)} RSS +${rssMB.toFixed(1)} MB, watchdog() and ready() +${createMs.toFixed(2)} ms, notify() ×${
        notifyRatio.toFixed(2)
      }`,
    );
  }
}
