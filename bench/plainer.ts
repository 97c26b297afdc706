/**
 * What each piece of code kept for speed saves (#23: "an optimization stays only where a benchmark shows it"), and
 * whether any path got slower than at the commit #23 was filed on. Each `bench/plainer/NAME.patch` holds the plainer
 * code one piece replaces: this checkout's sources are copied, the patch applied and dist/ built from them. Then, in
 * the same interleaved rounds, each path runs through this checkout's dist/ ("kept"), every patched one, and
 * {@linkcode SINCE}'s committed dist/, each copied beside the others and imported the same way, each in its own
 * process, and the best of each is compared (a burst of noise on this machine slows a process, and never speeds one
 * up). The paths are the cases of bench/floor.ts, a ping not due, and three steps of start-up in one process
 * (bench/startup_in_process.ts).
 * `comment-only.patch` changes a comment and nothing else, and names every path: its rows show what noise looks like in
 * the same rounds. Each patch starts with a line `Paths: a, b` naming the paths its code is on, and may add a line
 * `Runtimes: node` when its code runs on those runtimes only (git apply skips text before the diff); it runs only on
 * those paths, and is judged only on those runtimes.
 * Run by bench/run.ts, or alone, with a receiver it starts:
 *   deno run --allow-all bench/plainer.ts [NAME...]   (BENCH_ROUNDS=5, FLOOR_N=100000 calls per process)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  asModules,
  bestOf,
  type Column,
  distAt,
  interleaved,
  RUNTIMES,
  startUpInProcess,
  withReceiver,
} from "./floor.ts";
import { FLOOR_CASES, PING_NOT_DUE } from "./messages.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const PATCHES = `${root}bench/plainer/`;
/** What scripts/build.ts reads. */
const SOURCES = ["mod.ts", "testing.ts", "advanced.ts", "src", "ffi", "scripts", "deno.json"];

/** The patch that changes nothing but a comment. */
export const CONTROL = "comment-only";
/** The pieces measured, and the control: the names of the patches. */
export const PLAINER = readdirSync(PATCHES).filter((file) => file.endsWith(".patch")).map((file) =>
  file.slice(0, -".patch".length)
).sort();
/** The commit #23 was filed on: no path may take longer now than through its dist/. */
export const SINCE = "ce811ad";
/** The start-up paths, and the step of bench/startup_in_process.ts each is. */
const START_UP: Record<string, string> = {
  "start-up: importing": "then the package",
  "start-up: the first send": "then one send",
  "start-up: a first status line": "then watchdog(), its first status() and close()",
};
/** The paths bench/bare_ffi.ts runs: the send paths of bench/floor.ts, and a ping not due. */
const CALLS = [...FLOOR_CASES, PING_NOT_DUE];
/** Every path a patch can name: the calls, then start-up. */
export const PATHS: string[] = [...CALLS, ...Object.keys(START_UP)];

/** Where a patch's code runs: the paths it is on, and the runtimes. */
export interface PatchScope {
  paths: string[];
  runtimes: string[];
}

/**
 * The paths and runtimes `name`'s patch changes, from its first lines.
 *
 * @example
 * ```ts ignore
 * scopeOf("object-entries"); // { paths: ["sdNotify({4 assignments})"], runtimes: ["deno", "bun", "node"] }
 * ```
 */
export function scopeOf(name: string): PatchScope {
  const text = readFileSync(`${PATCHES}${name}.patch`, "utf8");
  const paths = /^Paths: (.*)$/m.exec(text)?.[1].split(", ") ?? [];
  const runtimes = /^Runtimes: (.*)$/m.exec(text)?.[1].split(", ") ?? Object.keys(RUNTIMES);
  if (paths.length === 0 || paths.some((path) => !PATHS.includes(path))) {
    throw new Error(`bench/plainer/${name}.patch: its first line must be "Paths: " and some of ${PATHS.join(", ")}`);
  }
  if (runtimes.some((runtime) => !(runtime in RUNTIMES))) {
    throw new Error(`bench/plainer/${name}.patch: "Runtimes: " takes some of ${Object.keys(RUNTIMES).join(", ")}`);
  }
  return { paths, runtimes };
}

/** dist/ built in `directory` from this checkout's sources with `name`'s patch applied: the URL of its mod.js. */
function patchedDist(name: string, directory: string): string {
  asModules(directory);
  for (const path of SOURCES) cpSync(`${root}${path}`, `${directory}/${path}`, { recursive: true });
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: directory, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name}: ${command} ${args.join(" ")} failed: ${result.stderr}`);
  };
  run("git", ["apply", `${PATCHES}${name}.patch`]);
  run(RUNTIMES.deno[0], ["run", "--allow-all", "scripts/build.ts"]);
  return pathToFileURL(`${directory}/dist/mod.js`).href;
}

/** Ratios of best times, for each runtime and path. */
export type Ratios = Record<string, Record<string, number>>;

/** What {@linkcode plainerComparison} finds. */
export interface PlainerResult {
  /** For each patch (the control among them), runtime and path it names: its best time over the kept code's. */
  pieces: Record<string, Ratios>;
  /** For each runtime and path: the kept code's best time over {@linkcode SINCE}'s. */
  since: Ratios;
}

/** Runs every path through the kept dist/, each patch's and SINCE's, in the same `rounds` rounds; see the top. */
export function plainerComparison(address: string, names = PLAINER, rounds = 5, n = 100_000): PlainerResult {
  const directory = mkdtempSync(`${tmpdir()}/sdw-plainer-`);
  try {
    const kept = `${directory}/kept`;
    asModules(kept);
    cpSync(`${root}dist`, `${kept}/dist`, { recursive: true });
    const builds: [name: string, from: string, paths: string[]][] = [
      ["kept", pathToFileURL(`${kept}/dist/mod.js`).href, PATHS],
      ...names.map((name): [string, string, string[]] => [
        name,
        patchedDist(name, `${directory}/${name}`),
        scopeOf(name).paths,
      ]),
      [SINCE, distAt(SINCE, `${directory}/${SINCE}`), PATHS],
    ];
    const columns = builds.map(([name, from, paths]): Column => [name, "ours", from, paths]);
    const best = bestOf(interleaved(address, columns, rounds, n, CALLS).ns);
    const startingUp = builds.filter(([, , paths]) => paths.some((path) => path in START_UP));
    const startUp = bestOf(startUpInProcess(address, startingUp.map(([name, from]) => [name, from]), rounds));
    for (const [runtime, steps] of Object.entries(startUp)) {
      for (const [path, step] of Object.entries(START_UP)) best[runtime][path] = steps[step];
    }
    const ratios = (name: string, paths: string[], of: (kept: number, other: number) => number): Ratios =>
      Object.fromEntries(
        Object.entries(best).map(([runtime, byPath]) => [
          runtime,
          Object.fromEntries(paths.map((path) => [path, of(byPath[path].kept, byPath[path][name])])),
        ]),
      );
    return {
      pieces: Object.fromEntries(
        builds.filter(([name]) => name !== "kept" && name !== SINCE)
          .map(([name, , paths]) => [name, ratios(name, paths, (kept, other) => other / kept)]),
      ),
      since: ratios(SINCE, PATHS, (kept, then) => kept / then),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The comparison as table lines: one row per piece (or SINCE) and path, one column per runtime. */
export function plainerReport({ pieces, since }: PlainerResult): string[] {
  const runtimes = Object.keys(RUNTIMES);
  const row = (label: string, cells: string[]) => `${label.padEnd(60)}${cells.map((c) => c.padStart(7)).join("  ")}`;
  const rows = (label: string, ratios: Ratios) =>
    Object.keys(ratios[runtimes[0]]).map((path) =>
      row(`${label}, ${path}`, runtimes.map((r) => `${ratios[r][path].toFixed(2)}x`))
    );
  return [
    row("plainer code (bench/plainer/), path: its time over the kept", runtimes),
    ...Object.entries(pieces).flatMap(([name, ratios]) => rows(name, ratios)),
    row(`this checkout's code, path: its time over ${SINCE}'s`, runtimes),
    ...rows("now", since),
  ];
}

if (import.meta.main) {
  const names = process.argv.slice(2).filter((arg) => !arg.endsWith(".ts"));
  await withReceiver("plainer", (address) => {
    const results = plainerComparison(
      address,
      names.length > 0 ? [...new Set([CONTROL, ...names])] : PLAINER,
      Number(process.env.BENCH_ROUNDS ?? 5),
      Number(process.env.FLOOR_N ?? 100_000),
    );
    for (const line of plainerReport(results)) console.log(line);
  });
}
