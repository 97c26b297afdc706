import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { type NotifyError, sdNotify, watchdog } from "../mod.ts";
import { NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";

for (const kind of ["path", "abstract"] as const) {
  describe(`sending to a ${kind} socket`, () => {
    it("delivers exactly the bytes of each message", () => {
      using receiver = new Receiver(uniqueAddress(kind));
      assert.equal(sdNotify("READY=1", { env: receiver.env }), true);
      assert.equal(sdNotify({ STATUS: "Grüße, ☃", ERRNO: 2 }, { env: receiver.env }), true);
      assert.deepEqual(receiver.drain(), ["READY=1", "STATUS=Grüße, ☃\nERRNO=2"]);
    });

    it("sends the seed's watchdog calls as separate datagrams", () => {
      using receiver = new Receiver(uniqueAddress(kind));
      using wd = watchdog({ env: { ...receiver.env, WATCHDOG_USEC: "5000000" } });
      wd.status("Starting my service...");
      wd.ready();
      wd.notify();
      wd.notifyError("An irrecoverable error occurred!");
      assert.deepEqual(receiver.drain(), [
        "STATUS=Starting my service...",
        "READY=1",
        "WATCHDOG=1",
        "STATUS=An irrecoverable error occurred!",
        "WATCHDOG=trigger",
      ]);
    });
  });
}

describe("transport errors", () => {
  it("reports ENOENT when no socket exists at the path", () => {
    assert.equal(codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: uniqueAddress("path") } })), "ENOENT");
  });

  it("reports ECONNREFUSED for an abstract name nobody bound", () => {
    assert.equal(
      codeOf(() => sdNotify("READY=1", { env: { NOTIFY_SOCKET: uniqueAddress("abstract") } })),
      "ECONNREFUSED",
    );
  });

  it("reports ECONNREFUSED once the receiver has closed, and recovers when it is back", () => {
    const address = uniqueAddress("abstract");
    const first = new Receiver(address);
    const { onError, codes } = collectErrors();
    using wd = watchdog({ env: first.env, onError });
    wd.status("one");
    assert.deepEqual(first.drain(), ["STATUS=one"]);
    first.close();
    assert.equal(wd.status("lost"), false);
    assert.deepEqual(codes(), ["ECONNREFUSED"]);
    using second = new Receiver(address);
    wd.status("two");
    assert.deepEqual(second.drain(), ["STATUS=two"]);
  });

  it("waits no longer than the sendTimeoutMs of each sdNotify call", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    const send = (sendTimeoutMs: number) => sdNotify("WATCHDOG=1", { env: receiver.env, sendTimeoutMs });
    for (let queued = 0; queued < 1000; queued++) { // fill the queue
      try {
        send(0);
      } catch {
        break;
      }
    }
    const started = performance.now();
    assert.equal(codeOf(() => send(0)), "EAGAIN");
    const immediate = performance.now() - started;
    const again = performance.now();
    assert.equal(codeOf(() => send(60)), "EAGAIN");
    const waited = performance.now() - again;
    assert.ok(waited >= 60 && waited > immediate, `waited ${waited} ms with 60, ${immediate} ms with 0`);
  });

  it("sdNotify() reports EAGAIN when the receiver's queue stays full, without sending twice", () => {
    using receiver = new Receiver();
    let sent = 0;
    let code = "";
    for (let i = 0; i < 1000 && code === ""; i++) {
      try {
        sdNotify(`STATUS=message ${i}`, { env: receiver.env, sendTimeoutMs: 20 });
        sent++;
      } catch (error) {
        code = (error as NotifyError).code;
      }
    }
    assert.equal(code, "EAGAIN");
    const received = receiver.drain();
    assert.equal(received.length, sent);
    assert.deepEqual(received, Array.from({ length: sent }, (_, i) => `STATUS=message ${i}`));
    sdNotify("STATUS=after draining", { env: receiver.env });
    assert.deepEqual(receiver.drain(), ["STATUS=after draining"]);
  });
});

describe("resources", () => {
  it("opens no descriptor per send across 10,000 sends (the fd count stays), and every message arrives", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using wd = watchdog({ env: receiver.env });
    wd.notify();
    receiver.drain();
    const before = readdirSync("/proc/self/fd").length;
    let received = 0;
    for (let i = 0; i < 10_000; i++) {
      wd.notify();
      if (i % 8 === 7) received += receiver.drain().length;
    }
    received += receiver.drain().length;
    assert.equal(readdirSync("/proc/self/fd").length, before);
    assert.equal(received, 10_000);
  });

  it("sends nothing after close(), and returns false", () => {
    using receiver = new Receiver();
    const wd = watchdog({ env: receiver.env, onError: () => {} });
    wd.close();
    assert.equal(wd.ready(), false);
    assert.deepEqual(receiver.drain(), []);
  });
});

describe("NotifySocket", () => {
  it("sends what the array holds now, when the caller reuses and changes it", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    const buffer = new TextEncoder().encode("STATUS=a");
    socket.send(buffer);
    buffer[7] = "b".charCodeAt(0);
    socket.send(buffer);
    assert.deepEqual(receiver.drain(), ["STATUS=a", "STATUS=b"]);
  });

  it("refuses a descriptor list with a hole or a non-descriptor (EINVAL) and sends nothing of it", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    const sparse: number[] = [1];
    sparse[2] = 2; // sparse[1] is a hole
    for (const fds of [sparse, [1, -1], [Number.NaN]]) {
      assert.equal(codeOf(() => socket.send("FDSTORE=1", { fds })), "EINVAL", JSON.stringify(fds));
    }
    socket.send("READY=1"); // still usable
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });

  it("sends short ASCII, a short text ending in a non-ASCII character, long ASCII and 4096 bytes of ASCII whole", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    // Each shorter than the one before it where they overlap: a stale byte left in the buffer would show.
    const texts = [
      `STATUS=${"x".repeat(4089)}`,
      `STATUS=${"y".repeat(300)}`,
      `STATUS=${"z".repeat(248)}`, // 255 units: the copying loop
      `STATUS=${"w".repeat(100)}é`, // the loop stops at the last character; encoded whole instead
      "READY=1",
    ];
    for (const text of texts) socket.send(text);
    assert.deepEqual(receiver.drain(), texts);
  });

  it("sends a text as its UTF-8 bytes: 4096 bytes fit, one more is EMSGSIZE (counted in bytes, not characters)", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    const fits = `STATUS=${"☃".repeat(1363)}`; // 7 + 3 × 1363 = 4096 bytes
    socket.send("STATUS=Grüße");
    socket.send(fits);
    assert.deepEqual(receiver.drain(), ["STATUS=Grüße", fits]);
    assert.equal(codeOf(() => socket.send(`${fits}a`)), "EMSGSIZE");
    assert.equal(codeOf(() => socket.send(`STATUS=${"☃".repeat(1364)}`)), "EMSGSIZE"); // 4099 bytes
    assert.equal(codeOf(() => socket.send(new Uint8Array(4097))), "EMSGSIZE");
    socket.send("READY=1"); // still usable, and nothing of the refused ones was sent
    assert.deepEqual(receiver.drain(), ["READY=1"]);
  });

  it("sends a text of 2-byte characters that ends exactly at 4096 bytes (Node.js's encodeInto() stops short there)", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using socket = new NotifySocket(parseNotifyAddress(receiver.address));
    const text = `STATUS=a${"\u0400".repeat(2044)}`; // 8 + 2 × 2044 = 4096 bytes
    socket.send(text);
    assert.deepEqual(receiver.drain(), [text]);
    using wd = watchdog({ env: receiver.env });
    assert.equal(wd.status(`a${"\u0400".repeat(2044)}`), true); // the same line, through status()
    assert.deepEqual(receiver.drain(), [text]);
  });
});
