import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SD_LISTEN_FDS_START, sdListenFds, sdListenFdsWithNames } from "../mod.ts";
import { processId } from "../src/environment.ts";
import { errnoName } from "../src/errno.ts";
import { readListenFdsCount } from "../src/listen_fds.ts";
import { parseInt32 } from "../src/parse_integer.ts";
import { skipUnless } from "./support/ci.ts";
import { codeOf } from "./support/errors.ts";
import { hasLibsystemd, referenceListenFds, setCEnv } from "./support/libsystemd.ts";

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

  it("names the descriptors from LISTEN_FDNAMES, or calls them unknown", () => {
    const base = { LISTEN_PID: String(processId()), LISTEN_FDS: "1" };
    assert.deepEqual(sdListenFdsWithNames({ env: base }), [{ fd: SD_LISTEN_FDS_START, name: "unknown" }]);
    assert.deepEqual(sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "http" } }), [{ fd: 3, name: "http" }]);
    assert.equal(codeOf(() => sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "a:b" } })), "EINVAL");
    assert.equal(codeOf(() => sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "" } })), "EINVAL");
    assert.deepEqual(sdListenFdsWithNames({ env: {} }), []);
  });

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

  it("reports EBADF for a passed descriptor that is not open", () => {
    assert.equal(codeOf(() => sdListenFds({ env: { LISTEN_PID: String(processId()), LISTEN_FDS: "5000" } })), "EBADF");
  });
});

describe("agreement with libsystemd's sd_listen_fds()", {
  skip: skipUnless(hasLibsystemd(), "libsystemd.so.0 is not installed, so there is no reference to compare with"),
}, () => {
  function assertSame(listenPid: string, listenFds: string) {
    setCEnv("LISTEN_PID", listenPid);
    setCEnv("LISTEN_FDS", listenFds);
    const reference = referenceListenFds();
    const env = { LISTEN_PID: listenPid, LISTEN_FDS: listenFds };
    const label = JSON.stringify(env);
    if (reference < 0) assert.equal(codeOf(() => sdListenFds({ env })), errnoName(-reference), label);
    else assert.equal(sdListenFds({ env }), reference, label);
  }

  it("reads LISTEN_PID and LISTEN_FDS alike on random input", () => {
    const own = String(processId());
    const numberish = fc.array(fc.constantFrom(..." \t\n\v+-0123456789xXbBoOaf"), { maxLength: 8 }).map((a) =>
      a.join("")
    );
    const count = fc.oneof(fc.constantFrom("1", "2", "0x1", " 2", "+1", "01"), numberish, fc.integer().map(String));
    fc.assert(
      fc.property(fc.oneof(fc.constant(own), numberish), count, (listenPid, listenFds) => {
        if (readsManyFds(listenFds)) return; // keep both from marking this process's other descriptors
        assertSame(listenPid, listenFds);
      }),
      { numRuns: 2000 },
    );
    setCEnv("LISTEN_PID", undefined);
    setCEnv("LISTEN_FDS", undefined);
  });
});

/** Whether LISTEN_FDS counts more than two descriptors (3 and 4). */
function readsManyFds(text: string): boolean {
  const parsed = parseInt32(text);
  return "value" in parsed && parsed.value > 2n;
}
