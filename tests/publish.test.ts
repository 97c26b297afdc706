import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const deno = `${root}node_modules/.bin/deno`;

describe("the JSR package", () => {
  it("passes deno publish --dry-run, slow-type check included", async () => {
    const { code, stdout, stderr } = await run(deno, [
      "publish",
      "--dry-run",
      "--allow-dirty",
      "--config",
      `${root}deno.json`,
    ]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout + stderr, /Checking for slow types in the public API/);
    assert.doesNotMatch(stdout + stderr, /^(warning|error)/im);
  });

  it("passes deno doc --lint for mod.ts and testing.ts: every public symbol documented, no private type exposed", async () => {
    const { code, stdout, stderr } = await run(deno, ["doc", "--lint", `${root}mod.ts`, `${root}testing.ts`]);
    assert.equal(code, 0, stdout + stderr);
  });

  it("lists in the README's Errors table every code NotifyErrorCode names, and no other", () => {
    const union = readFileSync(`${root}src/error.ts`, "utf8").match(/export type NotifyErrorCode =[^;]*;/)![0];
    const named = new Set([...union.matchAll(/"(E[A-Z0-9]+)"/g)].map((match) => match[1]));
    const readme = readFileSync(`${root}README.md`, "utf8");
    const table = readme.slice(readme.indexOf("### Errors"), readme.indexOf("`EINVAL` for input"));
    const listed = new Set([...table.matchAll(/^\| `(E[A-Z0-9]+)` /gm)].map((match) => match[1]));
    assert.deepEqual([...listed].sort(), [...named].sort());
  });

  it("has JSDoc and README examples that type-check", async () => {
    const sources = ["mod.ts", "src/", "ffi/"].map((path) => root + path);
    const docs = await run(deno, ["check", "--quiet", "--doc", ...sources]);
    assert.equal(docs.code, 0, docs.stderr);
    const readme = await run(deno, ["check", "--quiet", "--doc-only", `${root}README.md`]);
    assert.equal(readme.code, 0, readme.stderr);
  });
});
