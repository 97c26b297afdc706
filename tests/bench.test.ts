import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PLAINER, scopeOf } from "../bench/plainer.ts";
import { run } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("npm run bench", () => {
  // bench/plainer.ts builds each piece of code kept for speed as the plainer code it replaces: a patch that no longer
  // applies would stop the bench, long after the change that broke it.
  it("has plainer-code patches in bench/plainer/, each naming its paths and applying to the sources as they are", async () => {
    assert.ok(PLAINER.length > 1, "bench/plainer/ holds no patch beside the control");
    for (const name of PLAINER) {
      assert.ok(scopeOf(name).paths.length > 0);
      const { code, stderr } = await run("git", ["-C", root, "apply", "--check", `bench/plainer/${name}.patch`]);
      assert.equal(code, 0, `bench/plainer/${name}.patch does not apply: ${stderr}`);
    }
  });
});
