import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { sdNotify, watchdog } from "../mod.ts";
import { codeOf } from "./support/errors.ts";
import { references, setCEnv } from "./support/libsystemd.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";
import { runScriptArgs, runtimeExecutable, start } from "./support/spawn.ts";

describe("sdNotify", () => {
  it("returns false when NOTIFY_SOCKET is unset", () => {
    assert.equal(sdNotify("READY=1", { env: {} }), false);
  });

  it("validates before looking at NOTIFY_SOCKET", () => {
    assert.equal(codeOf(() => sdNotify({ STATUS: "x\ny" }, { env: {} })), "EINVAL");
  });

  it("removes NOTIFY_SOCKET with unsetEnvironment, after sending", () => {
    using receiver = new Receiver();
    const env: Record<string, string | undefined> = { ...receiver.env, PATH: "/bin" };
    assert.equal(sdNotify("READY=1", { env, unsetEnvironment: true }), true);
    assert.deepEqual(receiver.drain(), ["READY=1"]);
    assert.deepEqual(env, { PATH: "/bin" });
  });

  it("removes NOTIFY_SOCKET with unsetEnvironment even when sending fails", () => {
    const env: Record<string, string | undefined> = { NOTIFY_SOCKET: uniqueAddress("path") };
    assert.equal(codeOf(() => sdNotify("READY=1", { env, unsetEnvironment: true })), "ENOENT");
    assert.deepEqual(env, {});
  });

  it("sends each string state whole, repeated or changing, and a refused one leaves nothing stale behind", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    const env = receiver.env;
    const states = ["STATUS=a", "STATUS=a", "STATUS=a", "STATUS=bb", "STATUS=a", "STATUS=é", "STATUS=a", "STATUS=a"];
    for (const state of states) assert.equal(sdNotify(state, { env }), true);
    assert.equal(codeOf(() => sdNotify("STATUS=x\0", { env })), "EINVAL");
    assert.equal(sdNotify("STATUS=a", { env }), true);
    assert.equal(codeOf(() => sdNotify("STATUS=a\0", { env })), "EINVAL");
    assert.equal(sdNotify("STATUS=a", { env }), true);
    assert.deepEqual(receiver.drain(), [...states, "STATUS=a", "STATUS=a"]);
  });

  it("follows NOTIFY_SOCKET when it changes between calls", () => {
    using first = new Receiver();
    using second = new Receiver(uniqueAddress("abstract"));
    sdNotify("STATUS=1", { env: first.env });
    sdNotify("STATUS=2", { env: second.env });
    assert.deepEqual([first.drain(), second.drain()], [["STATUS=1"], ["STATUS=2"]]);
  });

  it("delivers a burst of 1,000 messages whole to a receiver in another process", async () => {
    const address = uniqueAddress("abstract");
    const script = fileURLToPath(new URL("./support/drain_receiver.ts", import.meta.url));
    const receiver = start(runtimeExecutable, [...runScriptArgs, script, address], { readyLine: "ready" });
    const late = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the receiver did not start in 30 s")), 30_000)
    );
    try {
      await Promise.race([receiver.started, late]);
    } catch (error) {
      receiver.child.kill();
      throw error;
    }
    const sent = Array.from({ length: 1000 }, (_, i) => `STATUS=burst ${i}`);
    try {
      for (const message of sent) sdNotify(message, { env: { NOTIFY_SOCKET: address } });
      sdNotify("STATUS=done", { env: { NOTIFY_SOCKET: address } });
    } catch (error) {
      receiver.child.kill(); // it would wait for "STATUS=done"
      throw error;
    }
    const { stdout, code } = await receiver.finished;
    assert.equal(code, 0, "the receiver got STATUS=done");
    assert.deepEqual(JSON.parse(stdout.split("\n")[1]), sent);
  });
});

for (const { reference, skip } of references()) {
  describe(`agreement with ${reference.label}'s sd_notify()`, { skip }, () => {
    const states = [
      "READY=1",
      "STATUS=Grüße ☃\nWATCHDOG=1",
      "RELOADING=1\nMONOTONIC_USEC=123456",
      `STATUS=${"x".repeat(4089)}`,
    ];
    for (const kind of ["path", "abstract"] as const) {
      it(`sends the same datagrams to a ${kind} socket`, () => {
        using receiver = new Receiver(uniqueAddress(kind));
        setCEnv("NOTIFY_SOCKET", receiver.address);
        try {
          for (const state of states) {
            assert.equal(reference.notify(state), 1, "libsystemd reached our receiver");
            const theirs = receiver.drain();
            assert.equal(sdNotify(state, { env: receiver.env }), true);
            assert.deepEqual(receiver.drain(), theirs);
          }
        } finally {
          setCEnv("NOTIFY_SOCKET", undefined);
        }
      });
    }
  });
}

describe("an object state with nothing in it", () => {
  it("sends nothing and returns false, from sdNotify() and from a Watchdog: { READY: isReady } works", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    const isReady = false;
    assert.equal(sdNotify({ READY: isReady }, { env: receiver.env }), false);
    using wd = watchdog({ env: receiver.env });
    assert.equal(wd.send({ READY: isReady, STATUS: undefined }), false);
    assert.equal(sdNotify({ READY: true }, { env: receiver.env }), true);
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });
});
