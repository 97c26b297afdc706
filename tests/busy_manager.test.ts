import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { watchdog } from "../mod.ts";
import { loadLibc } from "../ffi/runtime.ts";
import { NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { SO_SNDBUF, SOL_SOCKET } from "../src/linux.ts";
import { ErrorReport } from "../src/error_report.ts";
import { QueuedSender } from "../src/queued_sender.ts";
import { collectErrors } from "./support/errors.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

const tick = (ms = 2) => new Promise((resolve) => setTimeout(resolve, ms));

/** A receiver that does not read, and a Watchdog whose next sends find its queue full. */
function busyReceiver(options: { sendTimeoutMs?: number } = {}) {
  const receiver = new Receiver(uniqueAddress("abstract"));
  const errors = collectErrors();
  const wd = watchdog({ env: { ...receiver.env, WATCHDOG_USEC: "1000000" }, onError: errors.onError, ...options });
  const direct: string[] = [];
  for (let i = 0; wd.queued === 0; i++) {
    wd.send({ X_FILL: i });
    if (wd.queued === 0) direct.push(`X_FILL=${i}`);
    if (i > 100_000) throw new Error("the receiver's queue never filled");
  }
  return { receiver, wd, errors, direct, [Symbol.dispose]: () => (wd.close(), receiver.close()) };
}

/** Reads the receiver until `done` settles; returns everything read, in order. */
async function readUntil(receiver: Receiver, done: Promise<unknown>): Promise<string[]> {
  let settled = false;
  done.then(() => (settled = true), () => (settled = true));
  const received: string[] = [];
  while (!settled) {
    received.push(...receiver.drain());
    await tick();
  }
  return [...received, ...receiver.drain()];
}

describe("a busy service manager", () => {
  it("a burst queues what does not fit, without adding up the waits, and delivers it in order later", async () => {
    const sendTimeoutMs = 50;
    using t = busyReceiver({ sendTimeoutMs });
    const returned: boolean[] = [];
    const started = performance.now();
    for (let i = 0; i < 600; i++) {
      returned.push(t.wd.status(`line ${i}`));
      if (i % 100 === 0) returned.push(t.wd.notify());
    }
    returned.push(t.wd.ready(), t.wd.send({ X_APP: 1 }), t.wd.status("last"), t.wd.stopping(), t.wd.notify());
    const burstMs = performance.now() - started;
    assert.ok(returned.every(Boolean), "every call returned true: queued is accepted");
    // Waiting sendTimeoutMs once per call would take 600 times as long.
    assert.ok(burstMs < 20 * sendTimeoutMs, `the burst took ${burstMs} ms with sendTimeoutMs ${sendTimeoutMs}`);

    const received = await readUntil(t.receiver, t.wd.flush({ timeoutMs: 10_000 }));
    // The fill went out directly; the rest waited: one ping, ahead of the rest, and the latest status line.
    assert.deepEqual(received, [
      ...t.direct,
      "WATCHDOG=1",
      "X_FILL=" + t.direct.length,
      "READY=1",
      "X_APP=1",
      "STATUS=last",
      "STOPPING=1",
    ]);
    assert.deepEqual(t.errors.codes(), []);
    assert.equal(t.wd.queued, 0);
    assert.equal(t.wd.status("direct again"), true);
    assert.deepEqual(t.receiver.drain(), ["STATUS=direct again"]);
  });

  it("a ping goes ahead of what is queued, and out as soon as the receiver has read one, without another send", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.status("a");
    await tick(300); // the background attempts back off meanwhile
    assert.equal(t.wd.notify(), true);
    assert.equal(t.wd.queued, 3, "X_FILL, STATUS=a and the ping wait");
    t.receiver.tryReceive(); // room for one datagram
    for (let i = 0; i < 500 && t.wd.queued === 3; i++) await tick(1);
    assert.equal(t.wd.queued, 2, "the ping went out by itself");
    const received = await readUntil(t.receiver, t.wd.flush({ timeoutMs: 10_000 }));
    assert.deepEqual(received.slice(-4), [t.direct.at(-1), "WATCHDOG=1", "X_FILL=" + t.direct.length, "STATUS=a"]);
  });

  it("a send while messages wait delivers what fits at once, oldest first, without waiting", () => {
    using t = busyReceiver({ sendTimeoutMs: 1000 });
    t.wd.status("a");
    t.receiver.drain(); // the manager reads everything
    const started = performance.now();
    assert.equal(t.wd.status("b"), true);
    const tookMs = performance.now() - started;
    assert.equal(t.wd.queued, 0);
    assert.deepEqual(t.receiver.drain(), ["X_FILL=" + t.direct.length, "STATUS=b"]); // "a" was replaced by "b"
    assert.ok(tookMs < 500, `the send did not wait for room (${tookMs} ms of a 1000 ms sendTimeoutMs)`);
  });

  it("once a send has waited for room, later sends do not wait until a background attempt finds the queue empty", async () => {
    const sendTimeoutMs = 1000;
    using t = busyReceiver({ sendTimeoutMs }); // its last fill waited sendTimeoutMs and was queued
    t.receiver.drain(); // the manager reads a little
    assert.equal(t.wd.status("b"), true);
    assert.equal(t.wd.queued, 0, "what fitted went at once");
    // The manager's queue fills again before any timer tick: the send that finds it full is queued at once.
    const started = performance.now();
    let sends = 0;
    while (t.wd.queued === 0 && sends < 100_000) t.wd.send({ X_AGAIN: sends++ });
    const tookMs = performance.now() - started;
    assert.equal(t.wd.queued, 1);
    assert.ok(tookMs < sendTimeoutMs / 2, `refilling took ${tookMs} ms: a send waited for room again`);
    assert.deepEqual(t.errors.codes(), []);

    // Once a tick has found nothing left to deliver, a send that finds the queue full waits again.
    await readUntil(t.receiver, t.wd.flush({ timeoutMs: 10_000 }));
    await tick(200); // past the background attempt's backoff
    const waits: number[] = [];
    for (let i = 0; t.wd.queued === 0 && i < 100_000; i++) {
      const before = performance.now();
      t.wd.send({ X_THIRD: i });
      waits.push(performance.now() - before);
    }
    assert.ok(waits.at(-1)! >= sendTimeoutMs * 0.9, `the send that was queued waited only ${waits.at(-1)} ms`);
  });

  it("a send whose message is given up within the call returns false (the receiver went away)", () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.receiver.close();
    assert.equal(t.wd.status("after"), false);
    assert.deepEqual(t.errors.codes(), ["ECONNREFUSED"]);
    assert.equal(t.wd.queued, 0);
  });

  it("flush() rejects with ETIMEDOUT when the service manager does not read in time", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.ready();
    await assert.rejects(t.wd.flush({ timeoutMs: 50 }), { code: "ETIMEDOUT" });
    assert.equal(t.wd.queued, 2, "still queued: X_FILL and READY=1");
  });

  it("gives up what is queued when the receiver goes away: onError and flush() get the error", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.ready();
    const flushed = t.wd.flush({ timeoutMs: 10_000 });
    t.receiver.close();
    await assert.rejects(flushed, { code: "ECONNREFUSED", message: /Cannot deliver 2 queued notification/ });
    assert.deepEqual(t.errors.codes(), ["ECONNREFUSED"]);
    assert.equal(t.wd.queued, 0);
  });

  it("a barrier queued behind a busy manager passes once the manager reads (its pipe outlives the call)", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    const barrier = t.wd.barrier({ timeoutMs: 10_000 });
    const received = await readUntil(t.receiver, barrier);
    assert.equal(await barrier, true);
    assert.equal(received.at(-1), "BARRIER=1");
  });

  it("never coalesces a status line past a queued barrier: what was sent before it is processed before it", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.status("before the barrier");
    const barrier = t.wd.barrier({ timeoutMs: 10_000 });
    t.wd.status("after the barrier");
    t.wd.status("later still");
    const received = await readUntil(t.receiver, t.wd.flush({ timeoutMs: 10_000 }));
    assert.deepEqual(received.slice(-4), [
      "X_FILL=" + t.direct.length,
      "STATUS=before the barrier",
      "BARRIER=1",
      "STATUS=later still",
    ]);
    assert.equal(await barrier, true);
  });

  it("a queued barrier that is given up resolves false, not true: its pipe closing is no pass", async () => {
    for (const giveUp of ["close", "receiver gone"]) {
      using t = busyReceiver({ sendTimeoutMs: 0 });
      const barrier = t.wd.barrier({ timeoutMs: 10_000 });
      if (giveUp === "close") t.wd.close();
      else t.receiver.close();
      assert.equal(await barrier, false, giveUp);
      assert.equal(t.errors.codes().length, 1, giveUp);
    }
  });

  it("flush() waits for what was queued when it was called, not for what is queued later", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.ready();
    const flushed = t.wd.flush({ timeoutMs: 10_000 });
    let stillQueued: number | undefined;
    flushed.then(() => (stillQueued = t.wd.queued), () => (stillQueued = -1)); // -1: it did not resolve
    const received: string[] = [];
    for (let later = 0; stillQueued === undefined; later++) {
      t.wd.send({ X_LATER: later }); // a steady stream of new messages behind a slow reader
      const one = t.receiver.tryReceive();
      if (one !== undefined) received.push(one);
      await tick();
    }
    assert.ok(stillQueued > 0, "later messages still waited when flush() resolved");
    received.push(...await readUntil(t.receiver, t.wd.flush({ timeoutMs: 10_000 })));
    const ready = received.indexOf("READY=1");
    assert.ok(ready >= 0 && received.indexOf("X_LATER=0") > ready, "READY=1 was delivered before the later ones");
  });

  it("flush() counts a status line replaced by a later one as done, rather than waiting for what came after", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.status("a");
    const flushed = t.wd.flush({ timeoutMs: 10_000 });
    for (let i = 0; i < 50; i++) t.wd.send({ X_LATER: i });
    t.wd.status("b"); // replaces "a", at the end of the queue
    let stillQueued: number | undefined;
    flushed.then(() => (stillQueued = t.wd.queued), () => (stillQueued = -1));
    while (stillQueued === undefined) {
      t.receiver.tryReceive(); // one at a time: a slow reader
      await tick();
    }
    assert.ok(stillQueued > 0, `flush() resolved once the fill was delivered, with later ones queued (${stillQueued})`);
  });

  it("queues at most 1024 other messages; more get ENOBUFS, and what was queued all arrives", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    const returned = Array.from({ length: 1100 }, (_, i) => t.wd.send({ X_N: i }));
    assert.equal(returned.filter(Boolean).length, 1023, "1024 places, one taken by the fill that did not fit");
    assert.ok(t.errors.codes().every((code) => code === "ENOBUFS") && t.errors.codes().length === 77);
    const received = await readUntil(t.receiver, t.wd.flush({ timeoutMs: 20_000 }));
    const numbered = received.filter((datagram) => datagram.startsWith("X_N="));
    assert.deepEqual(numbered, Array.from({ length: 1023 }, (_, i) => `X_N=${i}`));
  });

  it("a ping is never refused by the 1024 cap: it takes the head of a full queue", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    for (let i = 0; t.wd.queued < 1024; i++) t.wd.send({ X_N: i });
    assert.equal(t.wd.send({ X_N: "over" }), false);
    assert.equal(t.wd.notify(), true);
    assert.equal(t.wd.queued, 1025);
    assert.deepEqual(t.errors.codes(), ["ENOBUFS"]);
    const received = await readUntil(t.receiver, t.wd.flush({ timeoutMs: 20_000 }));
    assert.equal(received[t.direct.length], "WATCHDOG=1", "the ping went out first");
  });

  it("close() makes one last attempt, and reports what it could not deliver", async () => {
    using t = busyReceiver({ sendTimeoutMs: 0 });
    t.wd.ready();
    const flushed = t.wd.flush({ timeoutMs: 10_000 });
    t.wd.close();
    await assert.rejects(flushed, { code: "EBADF", message: /await flush\(\) before close\(\)/ });
    assert.deepEqual(t.errors.codes(), ["EBADF"]);
  });

  it("closeWhenDone() (a garbage-collected owner) closes the socket once the queue is given up, too", async () => {
    const receiver = new Receiver(uniqueAddress("abstract"));
    const socket = new NotifySocket(parseNotifyAddress(receiver.address), { sendTimeoutMs: 0 });
    const sender = new QueuedSender(socket, new ErrorReport(() => {}));
    while (sender.queued === 0) sender.send(new TextEncoder().encode("X_FILL=1"));
    sender.closeWhenDone();
    assert.equal(socket.closed, false, "something is still queued");
    receiver.close(); // the next background attempt fails: the queue is given up
    for (let i = 0; i < 500 && !socket.closed; i++) await tick();
    assert.equal(socket.closed, true);
  });

  it("the background delivery does not keep the process alive", async () => {
    const script = fileURLToPath(new URL("./support/queue_then_exit.ts", import.meta.url));
    const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script], {}, 20_000);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^queued [1-9]\d*$/m);
  });

  it("raises the socket's send buffer to 8 MiB as libsystemd does (SO_SNDBUF, then SO_SNDBUFFORCE)", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    socket.send(new TextEncoder().encode("READY=1"));
    const libc = loadLibc();
    const value = new Uint8Array(4);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, 4, true);
    assert.equal(libc.getsockopt(socket.fd, SOL_SOCKET, SO_SNDBUF, value, length), 0);
    // The kernel reports twice what was set; as root SO_SNDBUFFORCE passes net.core.wmem_max.
    assert.equal(new DataView(value.buffer).getInt32(0, true), 2 * 8 * 1024 * 1024);
  });
});
