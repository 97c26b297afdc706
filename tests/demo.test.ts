import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

// The "Expected output" of the seed's Quick Example (systemd_watchdog's README), line for line.
const SEED_EXPECTED_OUTPUT = [
  "STATUS=Starting my service...",
  "READY=1",
  "STATUS=Init is complete...",
  "WATCHDOG=1",
  "STATUS=Sleeping and then notify x 3",
  "WATCHDOG=1",
  "WATCHDOG=1",
  "WATCHDOG=1",
  "STATUS=Spamming loop - should only see 2-3 notifications",
  "WATCHDOG=1",
  "WATCHDOG=1",
  "WATCHDOG=1",
  "STATUS=An irrecoverable error occured!",
  "WATCHDOG=trigger",
];

describe("the demo (npm run demo)", () => {
  it("prints the seed's Quick Example output", async () => {
    const demo = fileURLToPath(new URL("../examples/quick_example.ts", import.meta.url));
    const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, demo], {
      WATCHDOG_USEC: "1000000",
    });
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trimEnd().split("\n"), SEED_EXPECTED_OUTPUT);
  });
});
