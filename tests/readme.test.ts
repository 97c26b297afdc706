import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run, runtimeExecutable } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The first ```ts block after `heading` in the README. */
function readmeExample(heading: string): string {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const section = readme.slice(readme.indexOf(heading));
  const start = section.indexOf("```ts\n") + "```ts\n".length;
  return section.slice(start, section.indexOf("```", start));
}

describe("the README", () => {
  it("has a user's test (Testing your service) that passes as written", async () => {
    // Inside the repository, so that "@x/systemd-watchdog" resolves to this checkout.
    const dir = `${root}tests/generated/`;
    mkdirSync(dir, { recursive: true });
    const file = `${dir}readme_user_example.ts`; // no ".test.": the suite runs it through this test only
    writeFileSync(file, readmeExample("## Testing your service"));
    const args = "Bun" in globalThis ? ["test", file] : ["test", "--allow-all", file];
    const { code, stdout, stderr } = await run(runtimeExecutable, args);
    assert.equal(code, 0, stdout + stderr);
  });
});
