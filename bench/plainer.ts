/**
 * What each piece of code kept for speed saves (#23: "an optimization stays only where a benchmark shows it"). Each
 * `bench/plainer/NAME.patch` holds the plainer code one piece replaces: this checkout's sources are copied, the patch
 * applied and dist/ built from them; then every case of bench/floor.ts runs through this checkout's dist/ ("kept") and
 * the patched one ("plainer"), each in its own process, in interleaved rounds, and the best of each side is compared
 * (a burst of noise on this machine slows a process, and never speeds one up). `comment-only.patch` changes a comment
 * and nothing else: its rows show what noise looks like in the same run. Each patch starts with a line
 * `Paths: a, b`, naming the cases of bench/floor.ts its code is on (git apply skips text before the diff).
 * Run by bench/run.ts, or alone, with a receiver it starts:
 *   deno run --allow-all bench/plainer.ts [NAME...]   (BENCH_ROUNDS=5, FLOOR_N=100000 calls per process)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bestOf, interleaved, RUNTIMES, withReceiver } from "./floor.ts";
import { FLOOR_CASES } from "./messages.ts";

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

/**
 * The paths (cases of bench/floor.ts) that `name`'s patch changes, from its first line.
 *
 * @example
 * ```ts ignore
 * pathsOf("object-entries"); // ["sdNotify({4 assignments})"]
 * ```
 */
export function pathsOf(name: string): string[] {
  const line = /^Paths: (.*)$/m.exec(readFileSync(`${PATCHES}${name}.patch`, "utf8"))?.[1];
  const paths = line?.split(", ") ?? [];
  if (paths.length === 0 || paths.some((path) => !FLOOR_CASES.includes(path))) {
    throw new Error(`bench/plainer/${name}.patch: its first line must be "Paths: " and cases of ${FLOOR_CASES}`);
  }
  return paths;
}

/** dist/ built in `directory` from this checkout's sources with `name`'s patch applied: the URL of its mod.js. */
function patchedDist(name: string, directory: string): string {
  for (const path of SOURCES) cpSync(`${root}${path}`, `${directory}/${path}`, { recursive: true });
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: directory, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name}: ${command} ${args.join(" ")} failed: ${result.stderr}`);
  };
  run("git", ["apply", `${PATCHES}${name}.patch`]);
  run(RUNTIMES.deno[0], ["run", "--allow-all", "scripts/build.ts"]);
  return pathToFileURL(`${directory}/dist/mod.js`).href;
}

/** For each piece, runtime and case: its best ns per call with the plainer code over its best with the kept code. */
export function plainerComparison(
  address: string,
  names = PLAINER,
  rounds = 5,
  n = 100_000,
): Record<string, Record<string, Record<string, number>>> {
  const results: Record<string, Record<string, Record<string, number>>> = {};
  for (const name of names) {
    const directory = mkdtempSync(`${tmpdir()}/sdw-plainer-`);
    try {
      const plainer = patchedDist(name, directory);
      const best = bestOf(interleaved(address, [["kept", "ours"], ["plainer", "ours", plainer]], rounds, n).ns);
      results[name] = Object.fromEntries(
        Object.entries(best).map(([runtime, cases]) => [
          runtime,
          Object.fromEntries(Object.entries(cases).map(([path, { kept, plainer }]) => [path, plainer / kept])),
        ]),
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  return results;
}

/** The comparison as table lines: one row per piece and path, one column per runtime. */
export function plainerReport(results: Record<string, Record<string, Record<string, number>>>): string[] {
  const runtimes = Object.keys(RUNTIMES);
  const row = (label: string, cells: string[]) => `${label.padEnd(56)}${cells.map((c) => c.padStart(7)).join("  ")}`;
  return [
    row("plainer code (bench/plainer/), path: its time over the kept", runtimes),
    ...Object.entries(results).flatMap(([name, byRuntime]) =>
      FLOOR_CASES.map((path) => row(`${name}, ${path}`, runtimes.map((r) => `${byRuntime[r][path].toFixed(2)}x`)))
    ),
  ];
}

if (import.meta.main) {
  const names = process.argv.slice(2).filter((arg) => !arg.endsWith(".ts"));
  await withReceiver("plainer", (address) => {
    const results = plainerComparison(
      address,
      names.length > 0 ? names : PLAINER,
      Number(process.env.BENCH_ROUNDS ?? 5),
      Number(process.env.FLOOR_N ?? 100_000),
    );
    for (const line of plainerReport(results)) console.log(line);
  });
}
