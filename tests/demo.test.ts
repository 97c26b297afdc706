import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { run, runScriptArgs, runtimeExecutable, runtimeName } from "./support/spawn.ts";

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
  "STATUS=An irrecoverable error occurred!",
  "WATCHDOG=trigger",
];

describe(`the demo (npm run ${{ deno: "demo", bun: "demo:bun", node: "demo:node" }[runtimeName]}, on this runner's runtime)`, () => {
  it("prints the seed's Quick Example output", async () => {
    const demo = fileURLToPath(new URL("../examples/quick_example.ts", import.meta.url));
    const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, demo], {
      WATCHDOG_USEC: "1000000",
    });
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    // The seed says of its spamming loop "should only see 2-3 notifications": its pings land within
    // a tenth of the interval of the loop's end, so a busy machine may see one fewer. Everything
    // else must match line for line.
    const spam = SEED_EXPECTED_OUTPUT.indexOf("STATUS=Spamming loop - should only see 2-3 notifications") + 1;
    const pings = lines.slice(spam).findIndex((line) => line !== "WATCHDOG=1");
    assert.ok(pings === 2 || pings === 3, `${pings} pings in the spamming loop:\n${stdout}\n${stderr}`);
    const expected = [...SEED_EXPECTED_OUTPUT];
    expected.splice(spam, 3, ...Array(pings).fill("WATCHDOG=1"));
    assert.deepEqual(lines, expected);
  });
});
