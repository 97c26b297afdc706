/**
 * Each send path of ours against the runtime's own bare FFI call sending the same bytes (bench/bare_ffi.ts),
 * each side in its own process, in interleaved rounds: the ratio of the best of ours to the best bare one, the bare
 * call being the faster of `send()` and `sendmsg()` with a msghdr built once.
 * Memory: the RSS of importing the package, making a Watchdog and sending 20,000 messages after its warm-up, over the
 * bare loop sending as many (medians). Run by bench/run.ts, or alone, with a receiver it starts:
 *   deno run --allow-all bench/floor.ts     (BENCH_ROUNDS=5, FLOOR_N=100000 calls per process by default)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { start } from "../tests/support/spawn.ts";
import { DATAGRAMS, FLOOR_CASES } from "./messages.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/** Each runtime's command line for a script, which follows it. */
export const RUNTIMES: Record<string, string[]> = {
  deno: [`${root}node_modules/.bin/deno`, "run", "--allow-all"],
  bun: [`${root}node_modules/.bin/bun`],
  node: [`${root}node_modules/node/bin/node`, "--disable-warning=ExperimentalWarning"],
};

/** What one runtime's paths cost over its bare FFI call, and its memory over the bare loop's. */
export interface FloorResult {
  /** For each case, the best ns per call of ours over the best bare one, across the rounds. */
  ratios: Record<string, number>;
  /** For each case, the best ns per call: ours, and the bare `send()` and `sendmsg()`. */
  ns: Record<string, Best>;
  /** RSS after 20,000 sends and the warm-up: the median of ours less the median of the bare loop, in MB. */
  rssOverMB: number;
  /** Of which: importing and opening, up to the first send's return (medians, ours less bare), in MB. */
  openedOverMB: number;
  /** Of which: the sends after the first (the code the runtime compiles for the send path), in MB. */
  sentOverMB: number;
}

/** Which call one process of bench/bare_ffi.ts makes. */
export type Side = "ours" | "bare" | "bare-sendmsg";
type Best = Record<Side, number>;

/** What one process of bench/bare_ffi.ts prints. */
export interface Measured {
  ns: number;
  rssMB: number;
  openedMB: number;
  sentMB: number;
}

/**
 * One process of bench/bare_ffi.ts: `runtime` calling `side`'s `name` `n` times, sending to `address`; `ours` is the
 * dist/ that `from` names (default: this checkout's).
 */
export function measure(
  runtime: string,
  side: Side,
  name: string,
  n: number,
  address: string,
  from?: string,
): Measured {
  const [command, ...args] = RUNTIMES[runtime];
  const env = from === undefined ? process.env : { ...process.env, BENCH_OURS: from };
  const script = `${root}bench/bare_ffi.ts`;
  const result = spawnSync(command, [...args, script, side, name, String(n), address], { encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`${runtime} ${side} ${name} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measured;
}

/** The middle value (the upper one of an even count). */
export const median = (values: number[]): number => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

function memoryOver({ ours, bare }: { ours: Measured[]; bare: Measured[] }) {
  const over = (key: "rssMB" | "openedMB" | "sentMB") =>
    median(ours.map((m) => m[key])) - median(bare.map((m) => m[key]));
  return { rssOverMB: over("rssMB"), openedOverMB: over("openedMB"), sentOverMB: over("sentMB") };
}

/**
 * One side of {@linkcode interleaved}: a column's name, the call, the dist/ to import (default: this checkout's) and
 * the cases it runs (default: all).
 */
export type Column = [name: string, side: Side, from?: string, cases?: string[]];

/** `columns` in the order of round `round`: each round starts one further on, so that no column always runs first. */
export const rotated = <T>(columns: T[], round: number): T[] =>
  columns.map((_, i) => columns[(i + round) % columns.length]);

/**
 * Every one of `cases` on every runtime through each of `columns`, each in its own process, `rounds` rounds of `n`
 * calls, the columns in a different order each round: the ns per call of each (runtime, case, column) in each round,
 * and each column's RSS at the end of its processes.
 */
export function interleaved(address: string, columns: Column[], rounds: number, n: number, cases = FLOOR_CASES): {
  ns: Record<string, Record<string, Record<string, number[]>>>;
  rss: Record<string, Record<string, number[]>>;
} {
  const ns: Record<string, Record<string, Record<string, number[]>>> = {};
  const rss: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const runtime of Object.keys(RUNTIMES)) {
      for (const name of cases) {
        // Rotating the order, so that no column always runs on a warmer machine.
        const running = columns.filter(([, , , only]) => only === undefined || only.includes(name));
        for (const [column, side, from] of rotated(running, round)) {
          const measured = measure(runtime, side, name, n, address, from);
          ((rss[runtime] ??= {})[column] ??= []).push(measured.rssMB);
          (((ns[runtime] ??= {})[name] ??= {})[column] ??= []).push(measured.ns);
        }
      }
    }
  }
  return { ns, rss };
}

/** The best (least) of each column's rounds, for each runtime and case. */
export function bestOf(
  ns: Record<string, Record<string, Record<string, number[]>>>,
): Record<string, Record<string, Record<string, number>>> {
  return Object.fromEntries(
    Object.entries(ns).map(([runtime, cases]) => [
      runtime,
      Object.fromEntries(
        Object.entries(cases).map(([name, columns]) => [
          name,
          Object.fromEntries(Object.entries(columns).map(([column, values]) => [column, Math.min(...values)])),
        ]),
      ),
    ]),
  );
}

/** Compares every case on every runtime, `rounds` rounds of `n` calls per process, sending to `address`. */
export function floorComparison(address: string, rounds = 5, n = 100_000): Record<string, FloorResult> {
  const sides: Side[] = ["bare-sendmsg", "bare", "ours"];
  const best = bestOf(interleaved(address, sides.map((side) => [side, side]), rounds, n).ns);
  const memory: Record<string, { ours: Measured[]; bare: Measured[] }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const runtime of Object.keys(RUNTIMES)) {
      for (const side of ["bare", "ours"] as const) {
        (memory[runtime] ??= { ours: [], bare: [] })[side].push(measure(runtime, side, "wd.notify()", 20_000, address));
      }
    }
  }
  return Object.fromEntries(
    Object.entries(best).map(([runtime, cases]) => [runtime, {
      ratios: Object.fromEntries(
        Object.entries(cases).map(([name, best]) => [name, best.ours / Math.min(best.bare, best["bare-sendmsg"])]),
      ),
      ns: cases as Record<string, Best>,
      ...memoryOver(memory[runtime]),
    }]),
  );
}

/** The comparison as table lines (bench/run.ts checks them against #23's goals: within 1.25x, at most 2 MB more). */
export function floorReport(results: Record<string, FloorResult>): string[] {
  const runtimes = Object.keys(results);
  const row = (label: string, cell: (runtime: string) => string) =>
    `${label.padEnd(32)}  ${runtimes.map((runtime) => cell(runtime).padStart(7)).join("  ")}`;
  const ping = FLOOR_CASES[0];
  return [
    row("path, over the bare FFI call", (runtime) => runtime),
    ...FLOOR_CASES.map((name) => row(name, (r) => `${results[r].ratios[name].toFixed(2)}x`)),
    row(`bare send() of ${DATAGRAMS[ping]}, ns`, (r) => results[r].ns[ping].bare.toFixed(0)),
    row(`bare sendmsg() of ${DATAGRAMS[ping]}, ns`, (r) => results[r].ns[ping]["bare-sendmsg"].toFixed(0)),
    row("RSS over the bare loop, MB", (r) => results[r].rssOverMB.toFixed(1)),
    row("  of which import and open", (r) => results[r].openedOverMB.toFixed(1)),
    row("  of which the sends after it", (r) => results[r].sentOverMB.toFixed(1)),
    "(each a difference of medians: the parts need not add up, and a collection during the sends lowers theirs)",
  ];
}

/** What bench/startup_in_process.ts prints: each step's ns. */
export type StartUpSteps = Record<
  "a one-line module" | "then the package" | "then one send" | "then watchdog(), its first status() and close()",
  number
>;

/**
 * Start-up inside one process (bench/startup_in_process.ts), through each column's dist/ (default: this checkout's),
 * one process per runtime and column in each of `rounds` rounds, the columns' order rotating: each step's ns per
 * runtime, step and column, one value per round.
 */
export function startUpInProcess(
  address: string,
  columns: [name: string, from?: string][],
  rounds: number,
): Record<string, Record<string, Record<string, number[]>>> {
  const steps: Record<string, Record<string, Record<string, number[]>>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [runtime, [command, ...args]] of Object.entries(RUNTIMES)) {
      for (const [column, from] of rotated(columns, round)) {
        const env = { ...process.env, NOTIFY_SOCKET: address, ...(from === undefined ? {} : { BENCH_OURS: from }) };
        const result = spawnSync(command, [...args, `${root}bench/startup_in_process.ts`], { encoding: "utf8", env });
        if (result.status !== 0) throw new Error(`${runtime} start-up (${column}) failed: ${result.stderr}`);
        for (const [step, ns] of Object.entries(JSON.parse(result.stdout) as StartUpSteps)) {
          (((steps[runtime] ??= {})[step] ??= {})[column] ??= []).push(ns);
        }
      }
    }
  }
  return steps;
}

/**
 * Marks `directory` as holding ES modules, as this checkout's package.json does for dist/: without it, Node.js would
 * first try to compile each .js file in it as CommonJS, which a build imported from here would pay at start-up.
 */
export function asModules(directory: string): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${directory}/package.json`, '{ "type": "module" }\n');
}

/** REV's committed dist/, unpacked into `directory`: the URL of its mod.js. */
export function distAt(rev: string, directory: string): string {
  asModules(directory);
  const archive = spawnSync("git", ["-C", root, "archive", rev, "dist"], { maxBuffer: 1 << 28 });
  if (archive.status !== 0) throw new Error(`Cannot read ${rev}'s dist/: ${archive.stderr}`);
  const unpacked = spawnSync("tar", ["-x", "-C", directory], { input: archive.stdout });
  if (unpacked.status !== 0) throw new Error(`Cannot unpack ${rev}'s dist/: ${unpacked.stderr}`);
  return pathToFileURL(`${directory}/dist/mod.js`).href;
}

/** Runs `use` with the address of a C receiver (bench/c/receiver.c) that drains what it is sent, then stops it. */
export async function withReceiver(name: string, use: (address: string) => void): Promise<void> {
  const build = `${root}bench/.build/`;
  mkdirSync(build, { recursive: true });
  spawnSync("gcc", ["-O2", "-o", `${build}receiver`, `${root}bench/c/receiver.c`], { stdio: "inherit" });
  const address = `/tmp/sdw-${name}-${process.pid}.sock`;
  const receiver = start(`${build}receiver`, [address, `@sdw-${name}-${process.pid}`], { readyLine: "ready" });
  await receiver.started;
  try {
    use(address);
  } finally {
    receiver.child.kill();
    rmSync(address, { force: true });
  }
}

if (import.meta.main) {
  await withReceiver("floor", (address) => {
    const results = floorComparison(
      address,
      Number(process.env.BENCH_ROUNDS ?? 5),
      Number(process.env.FLOOR_N ?? 100_000),
    );
    for (const line of floorReport(results)) console.log(line);
  });
}
