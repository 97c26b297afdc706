import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { documentationBlocks, DOCUMENTS, writeSnippet } from "./support/readme.ts";
import { run, runScriptArgs, runtimeExecutable, runtimeName } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const anchorsIn = (markdown: string) =>
  new Set([...markdown.matchAll(/^#+ (.*)$/gm)].map((match) => anchorOf(match[1])));

describe("the README and docs/", () => {
  it("link only to files and headings that exist", () => {
    let checked = 0;
    for (const document of DOCUMENTS) {
      const text = readFileSync(`${root}${document}`, "utf8").replace(/^```[\s\S]*?^```$/gm, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        checked++;
        const [path, anchor] = target.split("#");
        const file = path === "" ? `${root}${document}` : join(root, dirname(document), path);
        assert.ok(existsSync(file), `${document} links to ${target}, which does not exist`);
        if (anchor !== undefined) {
          assert.ok(
            anchorsIn(readFileSync(file, "utf8")).has(anchor),
            `${document} links to ${target}: no such heading`,
          );
        }
      }
    }
  });

  it("are right that a copy of what deno.json publishes, vendored as the README says, works from another directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdw-vendored-"));
    try {
      const { publish } = JSON.parse(readFileSync(`${root}deno.json`, "utf8")) as { publish: { include: string[] } };
      for (const path of publish.include) {
        cpSync(`${root}${path}`, `${dir}/vendor/systemd-watchdog/${path}`, { recursive: true });
      }
      const script = `${dir}/service.mjs`;
      writeFileSync(
        script,
        [
          'import { sdNotify } from "./vendor/systemd-watchdog/dist/mod.js";',
          'import { FakeNotifySocket } from "./vendor/systemd-watchdog/dist/testing.js";',
          "const fake = await FakeNotifySocket.open({ abstract: true });",
          'sdNotify({ READY: true, STATUS: "vendored" }, { env: fake.env });',
          'const message = await fake.waitFor((m) => m.READY === "1", { timeoutMs: 5000 });',
          "console.log(JSON.stringify(message));",
          "fake.close();",
        ].join("\n"),
      );
      const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script]);
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), JSON.stringify({ READY: "1", STATUS: "vendored" }));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("has a user's test (Testing your service) that passes as written", async () => {
    const snippet = documentationBlocks().find((code) => code.includes("FakeNotifySocket"));
    assert.ok(snippet, "the documentation shows a test with FakeNotifySocket");
    // No ".test." in the name: the suite runs it through this test only.
    const file = writeSnippet(`readme_user_example_${runtimeName}.ts`, snippet);
    const args = {
      bun: ["test", file],
      deno: ["test", "--allow-all", file],
      node: ["--test", "--disable-warning=ExperimentalWarning", file],
    }[runtimeName];
    const { code, stdout, stderr } = await run(runtimeExecutable, args);
    assert.equal(code, 0, stdout + stderr);
    // And it ran: a runner that found no test would exit 0 too.
    const passed = { bun: /^\s*1 pass/m, deno: /ok \| 1 passed/, node: /^ℹ pass 1$/m }[runtimeName];
    assert.match(stdout + stderr, passed, stdout + stderr);
  });

  it("declares no long-lived Watchdog with a top-level using, in any snippet", () => {
    for (const snippet of documentationBlocks()) {
      assert.doesNotMatch(snippet, /^using \w+ = watchdog\(/m, snippet);
    }
  });
});
