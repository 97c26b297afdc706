import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { closeSharedSocket, sdNotify } from "../mod.ts";
import { NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { codeOf } from "./support/errors.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";
import { run, runtimeExecutable, runtimeName } from "./support/spawn.ts";

const openFds = () => readdirSync("/proc/self/fd").length;

describe("no socket piles up", () => {
  it("the sockets of 500 Watchdogs dropped without close() are closed once they are garbage-collected", async () => {
    const script = fileURLToPath(new URL("./support/drop_watchdogs.ts", import.meta.url));
    const args = {
      bun: [script],
      deno: ["run", "-A", "--v8-flags=--expose-gc", script],
      node: ["--expose-gc", "--disable-warning=ExperimentalWarning", script],
    }[
      runtimeName
    ];
    const { code, stdout, stderr } = await run(runtimeExecutable, args, {}, 60_000);
    assert.equal(code, 0, stderr);
    const { before, opened, after } = JSON.parse(stdout);
    assert.ok(opened >= before + 500, `500 sockets were open: ${stdout}`);
    assert.equal(after, before, `all closed after collection: ${stdout}`);
  });

  it("a closed NotifySocket stays closed: sending throws EBADF and opens nothing", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    const socket = new NotifySocket(parseNotifyAddress(receiver.address));
    socket.send(new TextEncoder().encode("READY=1"));
    socket.close();
    const fds = openFds();
    assert.equal(codeOf(() => socket.send(new TextEncoder().encode("READY=1"))), "EBADF");
    assert.equal(socket.fd, -1);
    assert.equal(socket.closed, true);
    assert.equal(openFds(), fds);
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });

  it("closeSharedSocket() closes the socket sdNotify() keeps; the next call opens a new one", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    closeSharedSocket();
    const fds = openFds();
    sdNotify("READY=1", { env: receiver.env });
    assert.equal(openFds(), fds + 1);
    closeSharedSocket();
    assert.equal(openFds(), fds);
    sdNotify("STATUS=again", { env: receiver.env });
    assert.deepEqual(receiver.drain(), ["READY=1", "STATUS=again"]);
    closeSharedSocket();
  });

  it("sdNotify() to a malformed NOTIFY_SOCKET in between leaves the shared socket usable", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    sdNotify("READY=1", { env: receiver.env });
    assert.equal(codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: "relative" } })), "EINVAL");
    assert.equal(sdNotify("STATUS=still here", { env: receiver.env }), true);
    assert.deepEqual(receiver.drain(), ["READY=1", "STATUS=still here"]);
  });

  it("sdNotify() with unsetEnvironment closes its socket: nothing will be sent again", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    closeSharedSocket();
    const fds = openFds();
    const env: Record<string, string | undefined> = { ...receiver.env };
    assert.equal(sdNotify("READY=1", { env, unsetEnvironment: true }), true);
    assert.equal(openFds(), fds);
    assert.equal(env.NOTIFY_SOCKET, undefined);
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });
});
