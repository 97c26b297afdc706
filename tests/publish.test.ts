import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { fileURLToPath } from "node:url";
import { run } from "./support/spawn.ts";
import { DOCUMENTS } from "./support/readme.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const deno = `${root}node_modules/.bin/deno`;
// Each entry point: its source, its built file, and the name the export review gives it.
const ENTRIES = [
  { source: "mod.ts", built: "dist/mod.js", path: ".", review: "root" },
  { source: "testing.ts", built: "dist/testing.js", path: "./testing", review: "testing" },
  { source: "advanced.ts", built: "dist/advanced.js", path: "./advanced", review: "advanced" },
];

describe("the JSR package", () => {
  it("exports dist/, which is exactly what scripts/build.ts builds from the sources now", async () => {
    for (const config of ["deno.json", "package.json"]) {
      const { exports } = JSON.parse(readFileSync(`${root}${config}`, "utf8"));
      assert.deepEqual(exports, Object.fromEntries(ENTRIES.map(({ path, built }) => [path, `./${built}`])), config);
    }
    const { code, stdout, stderr } = await run(deno, ["run", "--allow-all", `${root}scripts/build.ts`, "--check"]);
    assert.equal(code, 0, stdout + stderr);
  });

  it("has built entry points that export what mod.ts, testing.ts and advanced.ts export, of the same kinds and names", async () => {
    for (const { built, source } of ENTRIES) {
      // A function's or class's own name too: minified away, logs would print "a [NotifyError]" or "ct {}".
      const kinds = (module: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(module).map((
            [name, value],
          ) => [name, typeof value === "function" ? value.name : typeof value]),
        );
      assert.deepEqual(kinds(await import(root + built)), kinds(await import(root + source)), built);
    }
  });

  it("has built entry points that read as the sources do: objects print by their class names, lines stay short", async () => {
    const { NotifyError, watchdog } = await import(`${root}dist/mod.js`);
    const wd = watchdog({ env: {} });
    assert.match(inspect(wd), /^Watchdog /);
    wd.close();
    assert.match(inspect(new NotifyError("EINVAL", "Cannot send notification: example")), /^NotifyError: /);
    // Node.js prints an uncaught error's source line: a minified bundle would put 20 KB of code in the journal.
    for (const file of readdirSync(`${root}dist`)) {
      const longest = Math.max(...readFileSync(`${root}dist/${file}`, "utf8").split("\n").map((line) => line.length));
      assert.ok(longest <= 400, `${file} has a line of ${longest} characters`);
    }
  });

  it("has a built dist/mod.js whose stall-report thread runs (its source is the built functions' text)", async () => {
    const { watchdog } = await import(`${root}dist/mod.js`);
    const { FakeNotifySocket } = await import(`${root}dist/testing.js`);
    await using fake = await FakeNotifySocket.open();
    const errors: unknown[] = [];
    const wd = watchdog({
      env: { ...fake.env, WATCHDOG_USEC: "60000000" },
      stallReport: { afterMs: 100 },
      phase: "ready", // reports watch from READY=1 on
      onError: (error: unknown) => errors.push(error),
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the thread starts
    const end = Date.now() + 600;
    while (Date.now() < end); // blocks this event loop
    await fake.waitFor((message: Record<string, string>) => message.STATUS?.startsWith("Event loop blocked for "));
    wd.close();
    assert.deepEqual(errors, []);
  });

  it("has built entry points that work together: dist/mod.js sends, dist/testing.js receives, one NotifyError", async () => {
    const { NotifyError, sdNotify, watchdog } = await import(`${root}dist/mod.js`);
    const { FakeNotifySocket } = await import(`${root}dist/testing.js`);
    await using fake = await FakeNotifySocket.open();
    assert.equal(sdNotify({ READY: true, STATUS: "built" }, { env: fake.env }), true);
    const wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: "2000000" } });
    assert.equal(wd.notify(), true);
    wd.close();
    await fake.waitFor((message: Record<string, string>) => message.WATCHDOG === "1");
    assert.deepEqual(fake.messages, [{ READY: "1", STATUS: "built" }, { WATCHDOG: "1" }]);
    const error = await fake.waitFor(() => false, { timeoutMs: 0 }).catch((error: unknown) => error);
    assert.ok(error instanceof NotifyError, `dist/testing.js's NotifyError is dist/mod.js's: ${error}`);
    const { NotifySocket, parseNotifyAddress } = await import(`${root}dist/advanced.js`);
    const socket = new NotifySocket(parseNotifyAddress(fake.address));
    socket.send("STATUS=advanced");
    socket.close();
    await fake.waitFor((message: Record<string, string>) => message.STATUS === "advanced");
    const closed = (() => {
      try {
        socket.send("STATUS=closed");
      } catch (error) {
        return error;
      }
    })();
    assert.ok(closed instanceof NotifyError, `dist/advanced.js's NotifyError is dist/mod.js's: ${closed}`);
  });

  it("has built entry points whose types are the sources' (a consumer of dist/ type-checks, a misuse does not)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdw-consumer-"));
    try {
      const consumer = (misuse: string) =>
        [
          `import { NotifyError, sdNotify, watchdog } from "${root}dist/mod.js";`,
          `import { FakeNotifySocket } from "${root}dist/testing.js";`,
          `import { formatState } from "${root}dist/advanced.js";`,
          "const timeout: number = watchdog().timeout;",
          "const datagram: string = formatState({ READY: true });",
          "const sent: boolean = sdNotify({ READY: true });",
          'const code: string = new NotifyError("EINVAL", "Cannot send notification: example").code;',
          "const env: { NOTIFY_SOCKET: string } = (null as unknown as FakeNotifySocket).env;",
          misuse,
          "console.log(timeout, datagram, sent, code, env);",
        ].join("\n");
      writeFileSync(join(dir, "good.ts"), consumer(""));
      writeFileSync(join(dir, "bad.ts"), consumer("sdNotify(42);"));
      const good = await run(deno, ["check", "--quiet", join(dir, "good.ts")]);
      assert.equal(good.code, 0, good.stdout + good.stderr);
      const bad = await run(deno, ["check", "--quiet", join(dir, "bad.ts")]);
      assert.notEqual(bad.code, 0, "sdNotify(42) type-checked: dist/ has no types");
      assert.match(bad.stdout + bad.stderr, /TS2345/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

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

  it("passes deno doc --lint for every entry point: every public symbol documented, no private type exposed", async () => {
    const { code, stdout, stderr } = await run(deno, ["doc", "--lint", ...ENTRIES.map(({ source }) => root + source)]);
    assert.equal(code, 0, stdout + stderr);
  });

  it("has sources that pass deno lint and deno fmt --check (the repository's own configuration)", async () => {
    for (const command of [["lint"], ["fmt", "--check"]]) {
      const { code, stdout, stderr } = await run(deno, [...command, `--config=${root}deno.json`, root]);
      assert.equal(code, 0, `deno ${command.join(" ")}:\n${stdout}${stderr}`);
    }
  });

  it("reviews in docs/exports.md every export of every entry point, each where the review says it is", () => {
    const exportsOf = (file: string) => {
      const text = readFileSync(`${root}${file}`, "utf8");
      // Only export lists, which this test reads: an `export *` or `export const` would slip past it.
      for (const [line] of text.matchAll(/^export\b.*$/gm)) {
        assert.match(line, /^export (type )?\{/, `${file}: ${line}`);
      }
      return [...text.matchAll(/^export (?:type )?\{([^}]*)\}/gm)]
        .flatMap((match) => match[1].split(",").map((name) => name.trim()).filter(Boolean));
    };
    const where = new Map<string, string>();
    for (const { source, review } of ENTRIES) for (const name of exportsOf(source)) where.set(name, review);
    const rows = [...readFileSync(`${root}docs/exports.md`, "utf8").matchAll(/^\| (`.*?) \|.*\| (\w+) +\|$/gm)];
    const reviewed = new Map<string, string>();
    for (const [, names, entry] of rows) {
      for (const [, name] of names.matchAll(/`(\w+)`/g)) {
        assert.ok(!reviewed.has(name), `${name} reviewed twice`);
        reviewed.set(name, entry);
      }
    }
    for (const [name, entry] of where) {
      assert.equal(reviewed.get(name), entry, `${name} is exported by the ${entry} entry`);
    }
    for (const [name, entry] of reviewed) {
      assert.equal(where.get(name) ?? "internal", entry, `${name} (reviewed: ${entry})`);
    }
  });

  it("has deno.json's version as the CHANGELOG's latest release (Keep a Changelog), and package.json's the same", () => {
    const { version } = JSON.parse(readFileSync(`${root}deno.json`, "utf8"));
    assert.equal(JSON.parse(readFileSync(`${root}package.json`, "utf8")).version, version);
    const changelog = readFileSync(`${root}CHANGELOG.md`, "utf8");
    assert.match(changelog, /^## \[Unreleased\]$/m);
    const released = [...changelog.matchAll(/^## \[?(\d+\.\d+\.\d+)\]? - (\d{4}-\d{2}-\d{2})/gm)].map((match) =>
      match[1]
    );
    assert.equal(released[0], version, `the newest release in CHANGELOG.md is ${released[0]}`);
  });

  it("lists in the Errors table (docs/errors.md) every code NotifyErrorCode names, and no other", () => {
    const union = readFileSync(`${root}src/error.ts`, "utf8").match(/export type NotifyErrorCode =[^;]*;/)![0];
    const named = new Set([...union.matchAll(/"(E[A-Z0-9]+)"/g)].map((match) => match[1]));
    const errors = readFileSync(`${root}docs/errors.md`, "utf8");
    const table = errors.slice(0, errors.indexOf("`EINVAL` for input"));
    const listed = new Set([...table.matchAll(/^\| `(E[A-Z0-9]+)` /gm)].map((match) => match[1]));
    assert.deepEqual([...listed].sort(), [...named].sort());
  });

  it("has JSDoc, README and docs/ examples that type-check", async () => {
    const sources = [...ENTRIES.map(({ source }) => source), "src/", "ffi/"].map((path) => root + path);
    const docs = await run(deno, ["check", "--quiet", "--doc", ...sources]);
    assert.equal(docs.code, 0, docs.stderr);
    const readme = await run(deno, ["check", "--quiet", "--doc-only", ...DOCUMENTS.map((path) => root + path)]);
    assert.equal(readme.code, 0, readme.stderr);
  });
});
