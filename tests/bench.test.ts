import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const patches = readdirSync(`${root}bench/plainer`).filter((file) => file.endsWith(".patch"));

describe("npm run bench", () => {
  // bench/plainer.ts builds each piece of code kept for speed as the plainer code it replaces: a patch that no longer
  // applies would stop the bench, long after the change that broke it.
  it("has a plainer-code patch for each piece kept for speed, and each applies to the sources as they are", async () => {
    assert.ok(patches.length > 0, "no patch in bench/plainer/");
    for (const patch of patches) {
      const { code, stderr } = await run("git", ["-C", root, "apply", "--check", `bench/plainer/${patch}`]);
      assert.equal(code, 0, `bench/plainer/${patch} does not apply: ${stderr}`);
    }
  });
});
