import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readmeSnippets, writeSnippet } from "./support/readme.ts";
import { run, runtimeExecutable, runtimeName } from "./support/spawn.ts";

describe("the README", () => {
  it("has a user's test (Testing your service) that passes as written", async () => {
    const snippet = readmeSnippets().find((code) => code.includes("FakeNotifySocket"));
    assert.ok(snippet, "the README shows a test with FakeNotifySocket");
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
    for (const snippet of readmeSnippets()) {
      assert.doesNotMatch(snippet, /^using \w+ = watchdog\(/m, snippet);
    }
  });
});
