/**
 * The sd_listen_fds() checks that must use this process's own pid, and so set FD_CLOEXEC on its
 * descriptors from 3 up, as libsystemd does: run in a child process of their own, never in the test
 * runner. Argument: the path of a libsystemd.so.0 to compare with on random input, or "none".
 * Exits 0 and prints "ok" when every check holds; an assertion error otherwise.
 */
import assert from "node:assert/strict";
import process from "node:process";
import fc from "fast-check";
import { SD_LISTEN_FDS_START, sdListenFds, sdListenFdsWithNames } from "../../mod.ts";
import { processId } from "../../src/environment.ts";
import { errnoName } from "../../src/errno.ts";
import { parseInt32 } from "../../src/parse_integer.ts";
import { codeOf } from "./errors.ts";
import { Reference, setCEnv } from "./libsystemd.ts";

const own = String(processId());

// Names from LISTEN_FDNAMES, or "unknown".
const base = { LISTEN_PID: own, LISTEN_FDS: "1" };
assert.deepEqual(sdListenFdsWithNames({ env: base }), [{ fd: SD_LISTEN_FDS_START, name: "unknown" }]);
assert.deepEqual(sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "http" } }), [{ fd: 3, name: "http" }]);
assert.equal(codeOf(() => sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "a:b" } })), "EINVAL");
assert.equal(codeOf(() => sdListenFdsWithNames({ env: { ...base, LISTEN_FDNAMES: "" } })), "EINVAL");
assert.deepEqual(sdListenFdsWithNames({ env: {} }), []);

// A passed descriptor that is not open.
assert.equal(codeOf(() => sdListenFds({ env: { LISTEN_PID: own, LISTEN_FDS: "5000" } })), "EBADF");

const path = process.argv.at(-1)!;
if (path !== "none") {
  const reference = new Reference(path, 0, path);
  const numberish = fc.array(fc.constantFrom(..." \t\n\v+-0123456789xXbBoOaf"), { maxLength: 8 }).map((a) =>
    a.join("")
  );
  const count = fc.oneof(fc.constantFrom("1", "2", "0x1", " 2", "+1", "01"), numberish, fc.integer().map(String));
  // More than two (3 and 4) would reach descriptors this runtime uses for itself.
  const readsManyFds = (text: string) => {
    const parsed = parseInt32(text);
    return "value" in parsed && parsed.value > 2n;
  };
  fc.assert(
    fc.property(fc.oneof(fc.constant(own), numberish), count, (listenPid, listenFds) => {
      if (readsManyFds(listenFds)) return;
      setCEnv("LISTEN_PID", listenPid);
      setCEnv("LISTEN_FDS", listenFds);
      const expected = reference.listenFds();
      const env = { LISTEN_PID: listenPid, LISTEN_FDS: listenFds };
      if (expected < 0) assert.equal(codeOf(() => sdListenFds({ env })), errnoName(-expected), JSON.stringify(env));
      else assert.equal(sdListenFds({ env }), expected, JSON.stringify(env));
    }),
    { numRuns: 2000 },
  );
}
console.log("ok");
