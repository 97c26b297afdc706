/**
 * npm run bench: the cost of one notification, ours on Deno, Bun and Node.js,
 * against the floor (the faster of C send() on a connected socket and C
 * sendto()), C sending the same bytes as each of our send paths, libsystemd's
 * sd_notify() and spawning systemd-notify, measured interleaved in one run;
 * start-up after a one-line module, in one process and in whole processes; each
 * path against the runtime's own bare FFI call and memory (bench/floor.ts); each
 * piece of code kept for speed against the plainer code it replaces, and every
 * path against ce811ad's (bench/plainer.ts). Each ratio of the first table is taken
 * in pairs: bench/ours.ts has C send the same datagram just before each slice
 * of ours; a ratio is the median over the rounds of the median of those pairs.
 * Prints a table (min, median, max over the rounds) and the targets met or
 * missed, and writes them, with the machine's description, to bench/results/.
 *
 *     deno run --allow-all bench/run.ts     (BENCH_ROUNDS=5, BENCH_N=200000 messages per case of the first table)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { start } from "../tests/support/spawn.ts";
import { BREAKDOWN_STEPS, type BreakdownStep, cModesOf, DATAGRAMS, PING_NOT_DUE } from "./messages.ts";
import { layerRows, whatIsLeft } from "./layers.ts";
import { floorComparison, floorReport } from "./floor.ts";
import { CONTROL, PATHS, PLAINER, plainerComparison, plainerReport, scopeOf, SINCE } from "./plainer.ts";
import { stallReportCosts } from "./stall_report.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bench = `${root}bench/`;
const build = `${bench}.build/`;
const deno = `${root}node_modules/.bin/deno`;
const bun = `${root}node_modules/.bin/bun`;
const node = `${root}node_modules/node/bin/node`; // Node.js 26, from the devDependency
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const N = Number(process.env.BENCH_N ?? 200_000);
/** Calls per process of bench/breakdown.ts, bench/floor.ts and bench/plainer.ts, so that the three count alike. */
const CALLS = 100_000;

/** Runs a command to its end; an `undefined` in `env` removes that variable. */
function sh(command: string, args: string[], env: Record<string, string | undefined> = {}): string {
  const merged = { ...process.env, ...env };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete merged[name];
  const result = spawnSync(command, args, { env: merged, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

// Each plainer-code patch's paths and runtimes, read now: a malformed line fails here, not after the whole run.
const scopes = Object.fromEntries(PLAINER.map((name) => [name, scopeOf(name)]));

// --- build -----------------------------------------------------------------------------------
mkdirSync(build, { recursive: true });
sh("gcc", ["-O2", "-o", `${build}receiver`, `${bench}c/receiver.c`]);
sh("gcc", ["-O2", "-o", `${build}sender`, `${bench}c/sender.c`, "-l:libsystemd.so.0"]);

// --- the receiver: one process bound to a path and to an abstract address --------------------------
const pathAddress = `/tmp/sdw-bench-${process.pid}.sock`;
const abstractAddress = `@sdw-bench-${process.pid}`;
const receiver = start(`${build}receiver`, [pathAddress, abstractAddress], { readyLine: "ready" });
await receiver.started;

// --- the cases ---------------------------------------------------------------------------------
type Sample = Record<string, number>; // name -> nanoseconds per call
const samples: Record<string, number[]> = {};
/** Adds a sample's values to the rows, each under `rowName()` of its name (the name itself by default). */
const record = (sample: Sample, rowName = (name: string) => name) => {
  for (const [name, ns] of Object.entries(sample)) (samples[rowName(name)] ??= []).push(ns);
};

const runtimes = [
  { name: "deno", run: (script: string, ...args: string[]) => [deno, "run", "--allow-all", script, ...args] },
  { name: "bun", run: (script: string, ...args: string[]) => [bun, script, ...args] },
  {
    name: "node",
    run: (script: string, ...args: string[]) => [node, "--disable-warning=ExperimentalWarning", script, ...args],
  },
];

// C sending each datagram of ours, both ways (the floor is the faster of the two for WATCHDOG=1), and with
// a descriptor attached; named "C <how>: <datagram case>".
const sender = (mode: string, count: number, address: string, datagram: string) =>
  Number(sh(`${build}sender`, [mode, String(count), address, datagram]));
const cSends = (): Sample => {
  const sample: Sample = {};
  for (const [name, datagram] of Object.entries(DATAGRAMS)) {
    for (const mode of cModesOf(name)) {
      const how = mode === "sendmsg-fd" ? "sendmsg() + 1 fd" : `${mode}()`;
      sample[`C ${how}: ${datagram}`] = sender(mode, N, pathAddress, datagram);
    }
  }
  // What this package's transport calls, for comparison (not part of the floor: about the same as send()).
  sample["C sendmsg(): WATCHDOG=1"] = sender("sendmsg", N, pathAddress, "WATCHDOG=1");
  return sample;
};
const cSendsAbstract = (): Sample =>
  Object.fromEntries(
    ["send", "sendto"].map((
      mode,
    ) => [`C ${mode}(): WATCHDOG=1, abstract`, sender(mode, N, abstractAddress, "WATCHDOG=1")]),
  );

/** What each case of ours is compared with (ours.ts measures C sending the same just before each slice). */
const referenceName = (ours: string, suffix: string) =>
  suffix
    ? "floor, abstract"
    : cModesOf(ours)[0] === "sendmsg-fd"
    ? "C, same bytes and fd"
    : DATAGRAMS[ours] === "WATCHDOG=1"
    ? "floor"
    : "C, same bytes";
// Each case of ours over C measured just before it: one ratio (the median of its slices') per round.
const ratios: Record<string, { of: string; values: number[] }> = {};
const recordOurs = (runtime: string, result: { ns: Sample; ratio: Sample }, suffix: string) => {
  record(result.ns, (name) => `${runtime}: ${name}${suffix}`);
  for (const [ours, ratio] of Object.entries(result.ratio)) {
    (ratios[`${runtime}: ${ours}${suffix}`] ??= { of: referenceName(ours, suffix), values: [] }).values.push(ratio);
  }
};

// Start-up, over a script that imports a one-line module (what any import costs the runtime): five of each
// per round, interleaved.
const wall = (argv: string[], env: Record<string, string | undefined> = {}) => {
  const started = performance.now();
  sh(argv[0], argv.slice(1), env);
  return (performance.now() - started) * 1e6;
};
const startup = ({ name, run }: (typeof runtimes)[number]): Sample[] => {
  const importOnly = name === "deno"
    ? [deno, "run", "--allow-env", `${bench}startup_import.ts`] // no --allow-ffi: proves no FFI is loaded
    : run(`${bench}startup_import.ts`);
  return [0, 1, 2, 3, 4].map(() => {
    const sample: Sample = {
      [`${name}: start-up, a one-line module`]: wall(run(`${bench}startup_nothing.ts`)),
      // The import-only scripts run with NOTIFY_SOCKET unset (not through env -u: one more exec to time).
      [`${name}: start-up, import only`]: wall(importOnly, { NOTIFY_SOCKET: undefined }),
      [`${name}: start-up, import the sources`]: wall(run(`${bench}startup_sources.ts`), { NOTIFY_SOCKET: undefined }),
      [`${name}: start-up, import and send`]: wall(run(`${bench}startup_send.ts`), { NOTIFY_SOCKET: pathAddress }),
    };
    // What each adds to the one-line module run just before it: pairs, as for the send ratios.
    const baseline = sample[`${name}: start-up, a one-line module`];
    for (const what of ["import only", "import the sources", "import and send"]) {
      sample[`${name}: start-up added, ${what}`] = sample[`${name}: start-up, ${what}`] - baseline;
    }
    return sample;
  });
};

const cases: [string, () => void][] = [
  ["C", () => record({ ...cSends(), ...cSendsAbstract() })],
  ["libsystemd", () => record({ "C libsystemd: sd_notify()": sender("libsystemd", N / 4, pathAddress, "WATCHDOG=1") })],
  ["systemd-notify", () => {
    const count = 50;
    const started = performance.now();
    for (let i = 0; i < count; i++) sh("systemd-notify", ["WATCHDOG=1"], { NOTIFY_SOCKET: pathAddress });
    record({ "spawn systemd-notify": ((performance.now() - started) * 1e6) / count });
  }],
  ...runtimes.flatMap((runtime) =>
    [
      [runtime.name, () => {
        const [command, ...args] = runtime.run(`${bench}ours.ts`, String(N), pathAddress, `${build}sender`);
        recordOurs(runtime.name, JSON.parse(sh(command, args)), "");
      }],
      [`${runtime.name} abstract`, () => {
        const [command, ...args] = runtime.run(
          `${bench}ours.ts`,
          String(N),
          abstractAddress,
          `${build}sender`,
          "wd.notify()",
        );
        recordOurs(runtime.name, JSON.parse(sh(command, args)), ", abstract");
      }],
      [`${runtime.name} start-up`, () => startup(runtime).forEach((sample) => record(sample))],
      [`${runtime.name} start-up in process`, () => {
        const [command, ...args] = runtime.run(`${bench}startup_in_process.ts`);
        const sample: Sample = JSON.parse(sh(command, args, { NOTIFY_SOCKET: pathAddress }));
        sample["then the package and one send"] = sample["then the package"] + sample["then one send"];
        record(sample, (name) => `${runtime.name}: start-up in process, ${name}`);
      }],
      [`${runtime.name} breakdown`, () => {
        for (const step of BREAKDOWN_STEPS) {
          const [command, ...args] = runtime.run(`${bench}breakdown.ts`, step, String(CALLS), pathAddress);
          record({ [`${runtime.name} breakdown: ${step}`]: JSON.parse(sh(command, args)).ns });
        }
      }],
    ] as [string, () => void][]
  ),
];

for (let round = 0; round < rounds; round++) {
  // A different order each round, so no case always runs on a warm or a cold machine.
  const order = [...cases].sort(() => Math.random() - 0.5);
  for (const [, run] of order) run();
  console.error(`round ${round + 1}/${rounds} done`);
}

// Each send path against the runtime's own bare FFI call sending the same bytes, and memory (bench/floor.ts).
const floors = floorComparison(pathAddress, rounds, CALLS);
// Each piece of code kept for speed against the plainer code it replaces, and the code against SINCE's
// (bench/plainer.ts).
const plainer = plainerComparison(pathAddress, PLAINER, rounds, CALLS);

receiver.child.kill(); // the soak brings its own receiver; two spinning receivers would share the cores
rmSync(pathAddress, { force: true });

// --- one-off checks ----------------------------------------------------------------------------
// A soak that fails prints why, and is reported with the rest: the measurements above are not thrown away.
function soak(runtime: (typeof runtimes)[number]): string {
  const [command, ...args] = runtime.run(`${root}scripts/soak.ts`);
  const result = spawnSync(command, args, { env: { ...process.env, SOAK_COUNT: "1000000" }, encoding: "utf8" });
  return (result.stdout + result.stderr).trim() || `${runtime.name}: the soak exited with status ${result.status}`;
}
const soaks = runtimes.map(soak);
const stallReports = stallReportCosts();

function pingSyscalls(runtime: (typeof runtimes)[number]): string {
  if (spawnSync("strace", ["-V"]).status !== 0) return "not checked: strace is not installed";
  const log = `/tmp/sdw-bench-strace-${process.pid}`;
  // Counted for 0 and for 1,000,000 calls: the difference is what the calls cost, the setup (one due ping) aside.
  const count = (calls: string) => {
    sh("strace", [
      "-f",
      "-o",
      log,
      "-e",
      "trace=socket,connect,sendto,sendmsg",
      ...runtime.run(`${bench}ping_idle.ts`, calls),
    ]);
    const lines = readFileSync(log, "utf8").split("\n").filter((line) =>
      /\b(socket|connect|sendto|sendmsg)\(/.test(line)
    );
    rmSync(log);
    return lines.length;
  };
  const calls = count("1000000") - count("0");
  return `${calls} socket/connect/sendto/sendmsg calls for 1,000,000 ping() calls not due`;
}
const syscalls = Object.fromEntries(runtimes.map((runtime) => [runtime.name, pingSyscalls(runtime)]));

// --- report ------------------------------------------------------------------------------------
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => {
  const s = sorted(values);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = Object.fromEntries(
  Object.entries(samples).map((
    [name, values],
  ) => [name, { min: Math.min(...values), median: median(values), max: Math.max(...values), values }]),
);
const medianOf = (name: string) => stats[name].median;
/** The first to the third quartile of a row's values: how far its median can be trusted. */
const middleHalf = (name: string) => {
  const s = sorted(stats[name].values);
  return `${format(s[Math.floor(s.length / 4)])} to ${format(s[Math.floor((3 * s.length) / 4)])}`;
};
// The floor: the faster of C send() on a connected socket and C sendto(), in this run.
const floorName = (suffix = "") =>
  medianOf(`C send(): WATCHDOG=1${suffix}`) <= medianOf(`C sendto(): WATCHDOG=1${suffix}`)
    ? `C send(): WATCHDOG=1${suffix}`
    : `C sendto(): WATCHDOG=1${suffix}`;
const floor = medianOf(floorName());
const floorAbstract = medianOf(floorName(", abstract"));
const libsystemd = medianOf("C libsystemd: sd_notify()");
const spawnCost = medianOf("spawn systemd-notify");

/**
 * A row's ratio and what it is of: for ours, the median over the rounds of its ratio to C measured just before
 * it (the floor, or C sending the same bytes); for C, its median over the floor's.
 */
function ratioOf(name: string): [number, string] | undefined {
  const paired = ratios[name];
  if (paired) return [median(paired.values), paired.of];
  if (!name.startsWith("C ") || name.includes("libsystemd")) return undefined;
  return name.endsWith(", abstract")
    ? [medianOf(name) / floorAbstract, "floor, abstract"]
    : [medianOf(name) / floor, "floor"];
}

const format = (ns: number) =>
  Math.abs(ns) >= 1e5 ? `${(ns / 1e6).toFixed(2)} ms` : `${ns.toFixed(Math.abs(ns) < 100 ? 1 : 0)} ns`;
const shortName = (name: string) =>
  name.replace(
    /: (READY=1\n.*|STATUS=S+|FDSTORE=1\n.*)$/s,
    (_, d: string) =>
      `: ${
        d.startsWith("READY") ? "4 assignments" : d.startsWith("STATUS") ? "STATUS= 100 bytes" : "FDSTORE + FDNAME"
      }`,
  );
// Baselines first, then each runtime's cases, start-up last.
const rank = (name: string) =>
  (name.startsWith("C ") || name.startsWith("spawn") ? 0 : 1 + runtimes.findIndex((r) => name.startsWith(r.name))) * 2 +
  (name.includes("start-up") ? 1 : 0);
const rows = Object.entries(stats).filter(([name]) => !name.includes(" breakdown: ")).sort(([a], [b]) =>
  rank(a) - rank(b)
).map(([name, { min, median, max }]) => {
  const ratio = ratioOf(name);
  return [
    shortName(name),
    format(min),
    format(median),
    format(max),
    ratio ? `${ratio[0].toFixed(2)}x` : "",
    ratio?.[1] ?? "",
  ];
});
const header = ["case", "min", "median", "max", "ratio", "of"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) =>
  cells.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
console.log(`The floor: ${floorName()} (${format(floor)}); to an abstract address, ${floorName(", abstract")}.`);
console.log(line(header));
for (const row of rows) console.log(line(row));

// Where a send's time goes (bench/breakdown.ts): each step's best round, per runtime.
// The best of the rounds: one process per step and round, so a burst of noise spoils whole samples, not slices.
const step = (runtime: string, name: BreakdownStep) => stats[`${runtime} breakdown: ${name}`].min;
/** Prints rows under `header`: the first column left-aligned, the others right-aligned, as wide as the widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
  }
}
const runtimeNames = runtimes.map(({ name }) => name);
console.log("\nWhere a send's time goes (bench/breakdown.ts):");
printTable(
  ["step (best of the rounds)", ...runtimeNames],
  BREAKDOWN_STEPS.map((name) => [name, ...runtimeNames.map((runtime) => format(step(runtime, name)))]),
);

// What each piece of code kept for speed saves: the plainer code it replaces (a step of its own) less the kept one.
const kept: [string, BreakdownStep, BreakdownStep][] = [
  [
    "sendmsg() given a pointer made once, not the msghdr",
    "libc sendmsg() given the msghdr as a buffer",
    "libc sendmsg() through loadLibc()",
  ],
  [
    "the last state's bytes, not validating each call",
    "sdNotify() of two 10-byte states in turn",
    'sdNotify("WATCHDOG=1")',
  ],
  [
    "the clock through FFI, not performance.now() (Deno)",
    "performance.now(), no send",
    "the Watchdog's clock, no send",
  ],
];
console.log("\nWhat each piece of code kept for speed saves per call (differences of the steps above):");
printTable(
  ["kept", ...runtimeNames],
  kept.map(([label, without, withIt]) => [
    label,
    ...runtimeNames.map((r) => format(step(r, without) - step(r, withIt))),
  ]),
);

console.log(
  "\nWhat each path adds to the bare call of its datagram, layer by layer (differences of the steps above; work" +
    " between system calls costs two to four times what it costs alone):",
);
const layers = layerRows(step, runtimeNames);
printTable(["path: layer", ...runtimeNames], layers.map(([label, ns]) => [label, ...ns.map(format)]));

const targets: [string, boolean][] = [];
for (const [index, { name }] of runtimes.entries()) {
  const within = (ours: string, limit: number) => {
    const [ratio, what] = ratioOf(`${name}: ${ours}`)!;
    targets.push([`${name}: ${ours} within ${limit}x of the ${what} (${ratio.toFixed(2)}x)`, ratio <= limit]);
  };
  within("wd.notify()", 1.15);
  within('sdNotify("WATCHDOG=1")', 1.15);
  within("wd.status(100 bytes)", 1.3);
  within("sdNotify({4 assignments})", 1.3);
  within("sdNotifyWithFds(1 fd)", 1.3);
  const notify = medianOf(`${name}: wd.notify()`);
  const ping = medianOf(`${name}: wd.ping() not due`);
  // Start-up is judged inside one process (bench/startup_in_process.ts): the whole-process pairs in the table above
  // spread over several milliseconds on this machine.
  const inProcess = (step: string) => `${name}: start-up in process, ${step}`;
  const importing = medianOf(inProcess("then the package"));
  const sending = medianOf(inProcess("then the package and one send"));
  const pairs = (what: string) =>
    `whole processes: ${format(medianOf(`${name}: start-up added, ${what}`))}, middle half ${
      middleHalf(`${name}: start-up added, ${what}`)
    }`;
  targets.push(
    [
      `${name}: wd.notify() faster than libsystemd's sd_notify() (${format(notify)} vs ${format(libsystemd)})`,
      notify < libsystemd,
    ],
    [
      `${name}: wd.notify() 1000x faster than spawning systemd-notify (${Math.round(spawnCost / notify)}x)`,
      spawnCost >= 1000 * notify,
    ],
    [`${name}: wd.ping() not due under 60 ns (${format(ping)})`, ping < 60],
    [`${name}: wd.ping() not due makes no system call (${syscalls[name]})`, /^0 /.test(syscalls[name])],
    [
      `${name}: importing the package, after a one-line module in the same process, takes at most 3 ms (${
        format(importing)
      }, middle half ${middleHalf(inProcess("then the package"))}; ${pairs("import only")})`,
      importing <= 3e6,
    ],
    [
      `${name}: importing it and sending one message takes at most 6 ms (${format(sending)}, middle half ${
        middleHalf(inProcess("then the package and one send"))
      }; ${pairs("import and send")})`,
      sending <= 6e6,
    ],
    [
      `${name}: the soak lost nothing, and fds and RSS stayed flat`,
      / sent (\d+), received \1;/.test(soaks[index]) && !/FAILED/.test(soaks[index]),
    ],
  );
}
for (const [name, result] of Object.entries(floors)) {
  for (const [path, ratio] of Object.entries(result.ratios)) {
    targets.push([`${name}: ${path} within 1.25x of the bare FFI call (${ratio.toFixed(2)}x)`, ratio <= 1.25]);
  }
  targets.push([
    `${name}: RSS at most 2 MB over the bare FFI loop after 20,000 sends (${result.rssOverMB.toFixed(2)} MB)`,
    result.rssOverMB <= 2,
  ]);
}
console.log(
  "\nEach path over the runtime's own bare FFI call sending the same bytes, the faster of send() and sendmsg() " +
    "(best of each side, bench/floor.ts):",
);
for (const text of floorReport(floors)) console.log(`  ${text}`);

console.log(
  "\nWhat is left over the bare FFI call, per path (bench/floor.ts), and the layers of the breakdown it is made of" +
    " (bench/layers.ts; other processes, which import the sources: a layer below zero is noise):",
);
for (const text of whatIsLeft(floors, step, format)) console.log(`  ${text}`);
console.log(
  "\nWhat each piece of code kept for speed saves, against the plainer code it replaces (bench/plainer/NAME.patch)," +
    ` and the code against ${SINCE}'s (best of each, in the same rounds; bench/plainer.ts):`,
);
for (const text of plainerReport(plainer)) console.log(`  ${text}`);
// The run's noise: the control's farthest ratio from 1, either way, on any runtime and any path of the same kind (a
// send path, the ping not due, or a step of start-up), and at least 1.05 (the least five rounds here tell apart).
const control = plainer.pieces[CONTROL];
const kindOf = (path: string) =>
  path.startsWith("start-up: ") ? "start-up" : path === PING_NOT_DUE ? "no send" : "send";
const noise = (path: string) =>
  Math.max(
    1.05,
    ...Object.values(control).flatMap((ratios) =>
      PATHS.filter((other) => kindOf(other) === kindOf(path)).map((other) => Math.max(ratios[other], 1 / ratios[other]))
    ),
  );
// A piece shows when one of the paths it is on takes at least 1.10x as long without it, on a runtime its code runs on,
// and longer than the noise there.
for (const [name, byRuntime] of Object.entries(plainer.pieces).filter(([name]) => name !== CONTROL)) {
  const { paths, runtimes: on } = scopes[name];
  const [runtime, path, ratio] = on.flatMap((runtime) =>
    paths.map((path): [string, string, number] => [runtime, path, byRuntime[runtime][path]])
  ).reduce((a, b) => (b[2] / noise(b[1]) > a[2] / noise(a[1]) ? b : a));
  targets.push([
    `${name}: one of its paths takes at least 1.10x as long with the plainer code, and longer than this run's noise ` +
    `(${runtime}, ${path}: ${ratio.toFixed(2)}x; ${CONTROL} within ${noise(path).toFixed(2)}x on such paths)`,
    ratio >= Math.max(1.1, noise(path)),
  ]);
}
// No send path or start-up step slower than at SINCE (#23), beyond the run's noise.
for (const [runtime, ratios] of Object.entries(plainer.since)) {
  const [path, ratio] = Object.entries(ratios).reduce((a, b) => (b[1] / noise(b[0]) > a[1] / noise(a[0]) ? b : a));
  targets.push([
    `${runtime}: no send path or start-up step slower than at ${SINCE} beyond this run's noise (the nearest: ${path}, ` +
    `${ratio.toFixed(2)}x; ${CONTROL} within ${noise(path).toFixed(2)}x on such paths)`,
    ratio <= noise(path),
  ]);
}
console.log("\nTargets:");
for (const [text, met] of targets) console.log(`  ${met ? "met    " : "MISSED "} ${text}`);
console.log("\nStall reports on, against off (medians of pairs of fresh processes):");
for (const [name, { rssMB, createMs, notifyRatio }] of Object.entries(stallReports)) {
  console.log(
    `  ${name}: RSS +${rssMB.toFixed(1)} MB, watchdog() and ready() +${createMs.toFixed(1)} ms, notify() x${
      notifyRatio.toFixed(2)
    }`,
  );
}
console.log("\nSoak, 1,000,000 sends (open fds and RSS after warm-up -> half-way -> end):");
for (const text of soaks) console.log(`  ${text}`);

const version = (argv: string[]) => sh(argv[0], argv.slice(1)).split("\n")[0].trim();
const machine = {
  cpu: /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown",
  cores: readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 0,
  kernel: version(["uname", "-r"]),
  deno: version([deno, "--version"]),
  bun: version([bun, "--version"]),
  node: version([node, "--version"]),
  systemd: version(["systemctl", "--version"]),
  net_unix_max_dgram_qlen: readFileSync("/proc/sys/net/unix/max_dgram_qlen", "utf8").trim(),
};
// Which code was measured: the commit, and whether the tree had changes on top of it.
const commit = spawnSync("git", ["-C", root, "describe", "--always", "--dirty"], { encoding: "utf8" }).stdout.trim();
const file = `${bench}results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
mkdirSync(`${bench}results`, { recursive: true });
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      commit,
      rounds,
      machine,
      nsPerCall: stats,
      ratios,
      targets,
      soaks,
      layers: Object.fromEntries(
        layers.map(([label, ns]) => [label, Object.fromEntries(runtimeNames.map((name, i) => [name, ns[i]]))]),
      ),
      kept: Object.fromEntries(
        kept.map(([label, without, withIt]) => [
          label,
          Object.fromEntries(runtimes.map(({ name }) => [name, step(name, without) - step(name, withIt)])),
        ]),
      ),
      stallReports,
      floors,
      plainer,
      syscalls,
    },
    null,
    2,
  ) + "\n",
);
console.log(`\n${JSON.stringify(machine)}\nwritten to ${file.slice(root.length)}`);
process.exitCode = targets.every(([, met]) => met) ? 0 : 1;
