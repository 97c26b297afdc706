import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FakeNotifySocket } from "../testing.ts";
import { NODE_PACKAGE } from "./support/arch.ts";
import { skipUnless } from "./support/ci.ts";
import { type EnvChanges, run } from "./support/spawn.ts";

// Node.js as users run it: Node 26 from the devDependency (never the system's Node), without the test
// runner's flags, so that its warnings show; Node 24 (no node:ffi), fetched by scripts/fetch_older_node.sh.
const root = fileURLToPath(new URL("..", import.meta.url));
const NODE_26 = `${root}node_modules/node/bin/node`;
const NODE_24 = `${root}.cache/node24/node_modules/${NODE_PACKAGE}/bin/node`;
const checks = `${root}tests/support/node_checks.ts`;
const EXPERIMENTAL = /ExperimentalWarning: FFI is an experimental feature/;

interface Outcome {
  value?: unknown;
  code?: string;
  message?: string;
}

async function runChecks(node: string, flags: string[], env: EnvChanges) {
  const { code, stdout, stderr } = await run(node, [...flags, checks], { NOTIFY_SOCKET: undefined, ...env });
  assert.equal(code, 0, `the checks ran to their end: ${stderr}`);
  return { results: JSON.parse(stdout) as Record<string, Outcome> & { ffiLoaded: boolean }, stderr };
}

/** What a call that needs no FFI returns, wherever the package is imported. */
function assertAnswersWithoutFfi(results: Record<string, Outcome>): void {
  assert.deepEqual(results.sdWatchdogEnabled, { value: 2000000 });
  assert.deepEqual(results.isEnabled, { value: false });
  assert.deepEqual(results.formatState, { value: "READY=1\nSTATUS=up" });
  assert.deepEqual(results.parseNotifyAddress, { value: "abstract" });
}

describe("Node.js 26 (node:ffi)", {
  skip: skipUnless(existsSync(NODE_26), `${NODE_26} is missing (npm install puts it there)`),
}, () => {
  it("imports and answers without loading node:ffi, and prints nothing, while NOTIFY_SOCKET is unset", async () => {
    const { results, stderr } = await runChecks(NODE_26, [], {});
    assertAnswersWithoutFfi(results);
    assert.deepEqual(results.sdNotify, { value: false });
    assert.deepEqual(results.watchdog, { value: false });
    assert.equal(results.ffiLoaded, false);
    assert.equal(stderr, "");
  });

  it("sends through node:ffi, whose ExperimentalWarning comes once; --disable-warning=ExperimentalWarning silences it", async () => {
    await using receiver = await FakeNotifySocket.open({ abstract: true });
    const { results, stderr } = await runChecks(NODE_26, [], receiver.env);
    assert.deepEqual(results.sdNotify, { value: true });
    assert.deepEqual(results.watchdog, { value: true });
    assert.equal(results.ffiLoaded, true);
    assert.deepEqual(receiver.datagrams, ["READY=1", "READY=1"]); // the child has exited: both are here
    assert.equal(stderr.match(new RegExp(EXPERIMENTAL, "g"))?.length, 1, stderr);

    const silenced = await runChecks(NODE_26, ["--disable-warning=ExperimentalWarning"], receiver.env);
    assert.deepEqual(silenced.results.sdNotify, { value: true });
    assert.equal(silenced.stderr, "");
  });

  it("under --permission without --allow-ffi: EPERM naming --allow-ffi, with node:ffi not loaded", async () => {
    const permission = ["--permission", `--allow-fs-read=${root}*`];
    const { results, stderr } = await runChecks(NODE_26, permission, { NOTIFY_SOCKET: "@sdw-never-reached" });
    assert.equal(results.sdNotify.code, "EPERM");
    assert.match(results.sdNotify.message!, /--allow-ffi/);
    // A Watchdog fails where it is made, as for Deno without --allow-ffi: nothing could ever be sent.
    assert.equal(results.watchdog.code, "EPERM");
    assert.equal(results.ffiLoaded, false);
    assert.equal(stderr, "");
    assertAnswersWithoutFfi(results);
  });

  it("under --permission with --allow-ffi: messages are sent", async () => {
    await using receiver = await FakeNotifySocket.open({ abstract: true });
    const permission = ["--permission", `--allow-fs-read=${root}*`, "--allow-ffi"];
    const { results } = await runChecks(NODE_26, permission, receiver.env);
    assert.deepEqual(results.sdNotify, { value: true });
    assert.deepEqual(results.watchdog, { value: true });
    assert.deepEqual(receiver.datagrams, ["READY=1", "READY=1"]);
  });
});

describe("Node.js 24 (no node:ffi)", {
  skip: skipUnless(existsSync(NODE_24), `${NODE_24} is missing (scripts/fetch_older_node.sh, which npm test runs)`),
}, () => {
  it("imports and answers; sdNotify() is false while NOTIFY_SOCKET is unset", async () => {
    const { results, stderr } = await runChecks(NODE_24, [], {});
    assertAnswersWithoutFfi(results);
    assert.deepEqual(results.sdNotify, { value: false });
    assert.deepEqual(results.watchdog, { value: false });
    assert.equal(stderr, "");
  });

  it("a real send fails with ENOSYS saying that Node.js 26.1 or later is needed", async () => {
    const { results } = await runChecks(NODE_24, [], { NOTIFY_SOCKET: "@sdw-never-reached" });
    assert.equal(results.sdNotify.code, "ENOSYS");
    assert.match(
      results.sdNotify.message!,
      /Node\.js 24\.\d+\.\d+ has no node:ffi; sd_notify needs Node\.js 26\.1 or later/,
    );
    assert.equal(results.watchdog.code, "ENOSYS");
    assertAnswersWithoutFfi(results);
  });

  it("under --permission too: ENOSYS, not advice to add a flag this Node.js does not know", async () => {
    const permission = ["--permission", `--allow-fs-read=${root}*`];
    const { results, stderr } = await runChecks(NODE_24, permission, { NOTIFY_SOCKET: "@sdw-never-reached" });
    assert.equal(results.sdNotify.code, "ENOSYS");
    assert.equal(results.watchdog.code, "ENOSYS");
    assert.equal(stderr, "");
  });
});
