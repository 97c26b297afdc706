import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { documentationBlocks, DOCUMENTS, writeSnippet } from "./support/readme.ts";
import { skipUnless } from "./support/ci.ts";
import { run, runScriptArgs, runtimeExecutable, runtimeName, start } from "./support/spawn.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const anchorsIn = (markdown: string) =>
  new Set([...markdown.matchAll(/^#+ (.*)$/gm)].map((match) => anchorOf(match[1])));

const hasSocat = spawnSync("socat", ["-V"]).status === 0;

describe("the Quick Example with socat (docs/api.md), as written", () => {
  // The commands are Deno's: run once, on Deno.
  if (runtimeName === "deno") {
    it("receives every message, with stdin not a terminal, as the one run-on line the docs show", {
      skip: skipUnless(hasSocat, "socat is not installed"),
    }, async () => {
      const commands = documentationBlocks("sh").find((code) => code.startsWith("socat "))?.trim().split("\n");
      assert.ok(commands?.length === 2, "a receiver and a sender");
      const expected = /^```\n(STATUS=Starting[\s\S]*?)^```$/m.exec(readFileSync(`${root}docs/api.md`, "utf8"))?.[1];
      assert.ok(expected, "the expected output");
      const dir = mkdtempSync(join(tmpdir(), "sdw-socat-"));
      const at = (command: string) => command.replaceAll("/tmp/tempo.sock", `${dir}/tempo.sock`);
      try {
        // A 1-second interval, not 5: the example sleeps fractions of it.
        const sender = at(commands[1]).replace("WATCHDOG_USEC=5000000", "WATCHDOG_USEC=1000000");
        const receiver = start("sh", ["-c", `exec ${at(commands[0])} </dev/null`]);
        const deadline = performance.now() + 5000;
        while (!existsSync(`${dir}/tempo.sock`) && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const sent = await run("sh", ["-c", `cd '${root}' && PATH="${root}node_modules/.bin:$PATH" ${sender}`]);
        assert.equal(sent.code, 0, sent.stderr);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(receiver.child.exitCode, null, "socat is still receiving");
        receiver.child.kill();
        const { stdout } = await receiver.finished;
        assert.equal(stdout, expected!.split("\n").join(""));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

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

  it("are right that a copy of what deno.json publishes, vendored and mapped as the README says, works by the package's name", async () => {
    const readme = readFileSync(`${root}README.md`, "utf8");
    const listed = /`publish\.include`: ([^)]*)\)/.exec(readme)?.[1].match(/`[^`]+`/g)?.map((name) =>
      name.slice(1, -1)
    );
    const { publish } = JSON.parse(readFileSync(`${root}deno.json`, "utf8")) as { publish: { include: string[] } };
    const code = publish.include.filter((path) =>
      path.endsWith(".ts") || ["dist/", "src/", "ffi/", "LICENSE"].includes(path)
    );
    assert.deepEqual(listed, code, "the README lists every code file deno.json publishes, and its licence");
    const [importMap, packageJson] = ["imports", "exports"].map((key) =>
      documentationBlocks("json").find((block) => block.includes(`"${key}"`))
    );
    assert.ok(importMap && packageJson, "the README shows Deno's import map and the vendored package.json");
    const dir = mkdtempSync(join(tmpdir(), "sdw-vendored-"));
    try {
      for (const path of listed!) {
        cpSync(`${root}${path}`, `${dir}/vendor/systemd-watchdog/${path}`, { recursive: true });
      }
      writeFileSync(`${dir}/package.json`, '{ "type": "module" }');
      const script = `${dir}/service.ts`;
      writeFileSync(
        script,
        [
          'import { sdNotify } from "@x/systemd-watchdog";',
          'import { FakeNotifySocket } from "@x/systemd-watchdog/testing";',
          'import { NotifySocket } from "@x/systemd-watchdog/advanced";',
          "const fake = await FakeNotifySocket.open({ abstract: true });",
          'sdNotify({ READY: true, STATUS: "vendored" }, { env: fake.env });',
          'const message = await fake.waitFor((m) => m.READY === "1", { timeoutMs: 5000 });',
          "console.log(JSON.stringify(message), typeof NotifySocket);",
          "fake.close();",
        ].join("\n"),
      );
      let install = "true";
      if (runtimeName === "deno") writeFileSync(`${dir}/deno.json`, importMap!);
      else {
        writeFileSync(`${dir}/vendor/systemd-watchdog/package.json`, packageJson!);
        install = "npm install --offline --no-audit --no-fund --silent ./vendor/systemd-watchdog";
      }
      const command = [runtimeExecutable, ...runScriptArgs, script].map((arg) => `'${arg}'`).join(" ");
      const { code, stdout, stderr } = await run("sh", ["-c", `cd '${dir}' && ${install} && ${command}`]);
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), `${JSON.stringify({ READY: "1", STATUS: "vendored" })} function`);
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
