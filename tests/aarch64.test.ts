import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { skipUnless } from "./support/ci.ts";
import { run } from "./support/spawn.ts";

// The FFI-level tests once more, on aarch64: the arm64 build of this runner's runtime (from npm, put in
// .cache/aarch64/ by scripts/fetch_aarch64.sh, which npm test runs), emulated by qemu-user. What depends
// on timing stays out: a Deno process takes seconds to start there.
const root = fileURLToPath(new URL("..", import.meta.url));
const FILES = ["address", "transport", "barrier", "testing", "listen_fds", "sockets"]
  .map((name) => `${root}tests/${name}.test.ts`);
const QEMU = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];
const isBun = "Bun" in globalThis;
const binary = isBun
  ? `${root}.cache/aarch64/node_modules/@oven/bun-linux-aarch64/bin/bun`
  : `${root}.cache/aarch64/node_modules/@deno/linux-arm64-glibc/deno`;

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

describe(`on aarch64, emulated by qemu-user (${isBun ? "Bun" : "Deno"} for arm64)`, {
  skip: skipUnless(why === undefined, `the aarch64 run cannot happen here: ${why}`),
}, () => {
  it("the runtime is the arm64 build, and opens the aarch64 C library through FFI", async () => {
    const script = `${root}tests/support/report_arch.ts`;
    const args = isBun ? [script] : ["run", "-A", "--no-check", script];
    const { code, stdout, stderr } = await run(QEMU[0], [...QEMU.slice(1), binary, ...args], env, 300_000);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "arm64 aarch64");
  });

  it(`passes the FFI-level tests: ${FILES.map((file) => file.split("/").at(-1)).join(", ")}`, async () => {
    const args = isBun ? ["test", "--timeout=120000", ...FILES] : ["test", "--allow-all", "--no-check", ...FILES];
    const { code, stdout, stderr } = await run(QEMU[0], [...QEMU.slice(1), binary, ...args], env, 900_000);
    const output = stdout + stderr;
    assert.equal(code, 0, output.slice(-4000));
    // Nothing skipped there either: every test ran, on aarch64.
    assert.doesNotMatch(output, isBun ? /^\s*[1-9]\d* skip/m : /[1-9]\d* ignored/, output.slice(-2000));
  });
});
