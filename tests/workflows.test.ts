import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./support/spawn.ts";

// The GitHub workflows cannot run here: each is checked against GitHub's schema by action-validator (a
// devDependency), and for what this project needs of it.
const root = fileURLToPath(new URL("..", import.meta.url));
const NODE_26 = `${root}node_modules/node/bin/node`;
const VALIDATOR = `${root}node_modules/@action-validator/cli/cli.mjs`;
const workflow = (name: string) => readFileSync(`${root}.github/workflows/${name}`, "utf8");

async function validate(file: string): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await run(NODE_26, [VALIDATOR, file]);
  return { code, output: stdout + stderr };
}

describe("the GitHub workflows", () => {
  for (const name of ["ci.yml", "publish.yml"]) {
    it(`${name} is a valid workflow (action-validator)`, async () => {
      const { code, output } = await validate(`${root}.github/workflows/${name}`);
      assert.equal(code, 0, output);
    });
  }

  it("action-validator refuses a workflow with a mistake (so that a pass above means something)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdw-workflow-"));
    try {
      const broken = workflow("ci.yml").replace("runs-on:", "run-on:");
      writeFileSync(`${dir}/ci.yml`, broken);
      const { code, output } = await validate(`${dir}/ci.yml`);
      assert.notEqual(code, 0, output);
      assert.match(output, /run-on/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("ci.yml runs the README's test command, in CI mode, on an x86_64 and an arm64 runner", () => {
    const ci = workflow("ci.yml");
    const readme = readFileSync(`${root}README.md`, "utf8");
    assert.match(readme, /`npm test`/, "the README's test command");
    assert.match(ci, /^\s+run: npm test$/m);
    assert.match(ci, /runner: \[ubuntu-24\.04, ubuntu-24\.04-arm\]/);
    assert.match(ci, /runs-on: \$\{\{ matrix\.runner \}\}/);
    assert.match(ci, /CI: "true"/);
    assert.match(ci, /^\s+workflow_call:/m, "callable from publish.yml");
    assert.match(ci, /^\s+workflow_dispatch:/m, "runnable by hand");
  });

  it("publish.yml publishes to JSR on a version tag, after the tests, with id-token: write (provenance)", () => {
    const publish = workflow("publish.yml");
    assert.match(publish, /tags: \["v\*\.\*\.\*"\]/);
    assert.match(publish, /uses: \.\/\.github\/workflows\/ci\.yml/);
    assert.match(publish, /needs: test/);
    assert.match(publish, /id-token: write/);
    assert.match(publish, /run: node_modules\/\.bin\/deno publish$/m);
    assert.match(publish, /scripts\/build\.ts --check/);
  });
});

describe("npm install", () => {
  it("covers in package.json's allowScripts every devDependency with an install script (npm warns of the rest)", () => {
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, "utf8")) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const { allowScripts = {} } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
      allowScripts?: Record<string, boolean>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ""));
    assert.ok(withScripts.length > 0, "the lock file records install scripts");
    for (const name of withScripts) assert.equal(allowScripts[name], true, `${name} runs an install script`);
  });
});
