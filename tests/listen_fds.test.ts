import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { sdListenFds } from "../mod.ts";
import { readListenFdsCount } from "../src/listen_fds.ts";
import { parseInt32 } from "../src/parse_integer.ts";
import { codeOf } from "./support/errors.ts";
import { references } from "./support/libsystemd.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

describe("parseInt32 (libsystemd's safe_atoi)", () => {
  const cases: [string, bigint | "EINVAL" | "ERANGE"][] = [
    ["3", 3n],
    ["-3", -3n],
    [" 0x10", 16n],
    ["010", 8n],
    ["0b11", 3n],
    ["2147483647", 2147483647n],
    ["-2147483648", -2147483648n],
    ["2147483648", "ERANGE"],
    ["9223372036854775808", "ERANGE"],
    ["1 ", "EINVAL"],
    ["", "EINVAL"],
    ["x", "EINVAL"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.deepEqual(parseInt32(input), typeof expected === "bigint" ? { value: expected } : { error: expected });
    });
  }
});

describe("sdListenFds", () => {
  const pid = 99;
  const cases: [Record<string, string>, number | string][] = [
    [{}, 0],
    [{ LISTEN_PID: "99", LISTEN_FDS: "2" }, 2],
    [{ LISTEN_PID: "98", LISTEN_FDS: "2" }, 0],
    [{ LISTEN_PID: "99" }, 0],
    [{ LISTEN_FDS: "2" }, 0],
    [{ LISTEN_PID: "99", LISTEN_FDS: "0" }, "EINVAL"],
    [{ LISTEN_PID: "99", LISTEN_FDS: "-1" }, "EINVAL"],
    [{ LISTEN_PID: "99", LISTEN_FDS: "2147483645" }, "EINVAL"],
    [{ LISTEN_PID: "99", LISTEN_FDS: "two" }, "EINVAL"],
    [{ LISTEN_PID: "0", LISTEN_FDS: "1" }, "ERANGE"],
    [{ LISTEN_PID: "pid", LISTEN_FDS: "1" }, "EINVAL"],
  ];
  for (const [env, expected] of cases) {
    it(`${JSON.stringify(env)} → ${expected}`, () => {
      if (typeof expected === "number") assert.equal(readListenFdsCount({ env, pid }), expected);
      else assert.equal(codeOf(() => readListenFdsCount({ env, pid })), expected);
    });
  }

  it("unsets all three variables when asked, whatever the outcome", () => {
    for (
      const start of [{ LISTEN_PID: "1", LISTEN_FDS: "1", LISTEN_FDNAMES: "a" }, { LISTEN_PID: "x", LISTEN_FDS: "1" }]
    ) {
      const env: Record<string, string | undefined> = { ...start, KEEP: "1" };
      try {
        sdListenFds({ env, pid, unsetEnvironment: true });
      } catch { /* the malformed case throws; the variables must go anyway */ }
      assert.deepEqual(env, { KEEP: "1" });
    }
  });
});

// Checks with this process's own pid mark descriptors from 3 up FD_CLOEXEC, as libsystemd does: they run
// in a child process of their own, so that the test runner's descriptors stay as they are.
const checks = fileURLToPath(new URL("./support/listen_fds_checks.ts", import.meta.url));
const runChecks = (path: string) => run(runtimeExecutable, [...runScriptArgs, checks, path], {}, 120_000);

describe("sdListenFds() for this process, in a child process", () => {
  it("names descriptors from LISTEN_FDNAMES (or unknown), and reports EBADF for one that is not open", async () => {
    const { code, stdout, stderr } = await runChecks("none");
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "ok");
  });
});

for (const { reference, skip } of references()) {
  describe(`agreement with ${reference.label}'s sd_listen_fds()`, { skip }, () => {
    it("reads LISTEN_PID and LISTEN_FDS alike on random input (2,000 runs, in a child process)", async () => {
      const { code, stdout, stderr } = await runChecks(reference.path);
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), "ok");
    });
  });
}
