import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { monotonicUsec, watchdog } from "../mod.ts";
import { isNotifyDue } from "../src/due.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { Receiver } from "./support/receiver.ts";

/** A clock the test moves by hand. */
function manualClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("isNotifyDue", () => {
  const cases: [number, number, number, boolean][] = [
    [0, 2499, 5_000_000, false],
    [0, 2499.999, 5_000_000, false],
    [0, 2500, 5_000_000, true],
    [100, 599, 1_000_000, false],
    [100, 600, 1_000_000, true],
    [0, 1e9, 0, false],
    [0, 1, 1, true],
  ];
  for (const [last, now, usec, due] of cases) {
    it(`last=${last} ms, now=${now} ms, interval=${usec} µs → ${due}`, () => {
      assert.equal(isNotifyDue(last, now, usec), due);
    });
  }
});

describe("Watchdog environment", () => {
  const pid = 77;
  const cases: [Record<string, string>, boolean, number][] = [
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "5000000" }, true, 5_000_000],
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "5000000", WATCHDOG_PID: "77" }, true, 5_000_000],
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "5000000", WATCHDOG_PID: "78" }, false, 0],
    [{ NOTIFY_SOCKET: "@x" }, false, 0],
    [{ WATCHDOG_USEC: "5000000" }, false, 0],
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "0" }, false, 0],
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "garbage" }, false, 0],
    [{ NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "5000000", WATCHDOG_PID: "-3" }, false, 0],
    [{}, false, 0],
  ];
  for (const [env, enabled, timeout] of cases) {
    it(`${JSON.stringify(env)} → isEnabled ${enabled}, timeout ${timeout}`, () => {
      const wd = watchdog({ env, pid });
      assert.equal(wd.isEnabled, enabled);
      assert.equal(wd.timeout, timeout);
      assert.equal(wd.timeoutMs, timeout / 1000);
      assert.equal(wd.notifyDue, enabled, "due at creation when enabled, as the seed's; never when off");
    });
  }

  it("reads the environment once", () => {
    const env: Record<string, string | undefined> = { NOTIFY_SOCKET: "@x", WATCHDOG_USEC: "2000" };
    const wd = watchdog({ env, pid });
    env.WATCHDOG_USEC = "9000";
    delete env.NOTIFY_SOCKET;
    assert.equal(wd.isEnabled, true);
    assert.equal(wd.timeout, 2000);
  });

  it("removes all three variables with unsetEnvironment", () => {
    const env: Record<string, string | undefined> = {
      NOTIFY_SOCKET: "@x",
      WATCHDOG_USEC: "2000",
      WATCHDOG_PID: "77",
      HOME: "/root",
    };
    const wd = watchdog({ env, pid, unsetEnvironment: true });
    assert.equal(wd.isEnabled, true);
    assert.deepEqual(env, { HOME: "/root" });
  });

  it("sends nothing and returns false without NOTIFY_SOCKET", () => {
    const wd = watchdog({ env: { WATCHDOG_USEC: "1000" } });
    for (const sent of [wd.ready(), wd.status("x"), wd.notify(), wd.notifyError("x"), wd.stopping(), wd.reloading()]) {
      assert.equal(sent, false);
    }
  });

  it("still refuses bad input without NOTIFY_SOCKET", () => {
    const wd = watchdog({ env: {} });
    assert.equal(codeOf(() => wd.send("STATUS=a\nWATCHDOG=0")), "EINVAL");
    assert.equal(codeOf(() => wd.send({ STATUS: "a\nWATCHDOG=trigger" })), "EINVAL");
    assert.equal(codeOf(() => wd.extendTimeout(-1)), "EINVAL");
    assert.throws(
      () => wd.extendTimeout(1.5),
      /EXTEND_TIMEOUT_USEC is 1\.5, not an integer/,
      "a fraction is not a huge number",
    );
  });

  it("hands a malformed NOTIFY_SOCKET to onError at each send, returning false", () => {
    const { onError, codes } = collectErrors();
    const wd = watchdog({ env: { NOTIFY_SOCKET: "relative.sock" }, onError });
    assert.equal(wd.ready(), false);
    assert.equal(wd.status("x"), false);
    assert.deepEqual(codes(), ["EINVAL", "EINVAL"]);
  });
});

describe("Watchdog due time", () => {
  function setup(usec = 1_000_000) {
    const receiver = new Receiver();
    const clock = manualClock();
    const wd = watchdog({ env: { ...receiver.env, WATCHDOG_USEC: String(usec) }, now: clock.now });
    return { receiver, clock, wd, [Symbol.dispose]: () => (wd.close(), receiver.close()) };
  }

  it("as the seed's test_timeouts: due at once, not right after notify(), due again at exactly half the interval", () => {
    using t = setup();
    assert.equal(t.wd.notifyDue, true, "a new Watchdog is due: its first ping() sends");
    assert.equal(t.wd.ping(), true);
    assert.equal(t.wd.notifyDue, false);
    t.clock.advance(499);
    assert.equal(t.wd.notifyDue, false);
    assert.equal(t.wd.ping(), false);
    t.clock.advance(1); // exactly half of 1 s: due (>=)
    assert.equal(t.wd.notifyDue, true);
    assert.equal(t.wd.beat(), true);
    assert.equal(t.wd.notifyDue, false);
    assert.deepEqual(t.receiver.drain(), ["WATCHDOG=1", "WATCHDOG=1"]);
  });

  it("a failed notify() paces ping() all the same: one attempt per half interval, not one per call", () => {
    const clock = manualClock();
    const { onError, codes } = collectErrors();
    using wd = watchdog({
      env: { NOTIFY_SOCKET: "@sdw-names-nothing", WATCHDOG_USEC: "1000000" },
      now: clock.now,
      onError,
    });
    for (let i = 0; i < 100; i++) assert.equal(wd.ping(), false);
    assert.deepEqual(codes(), ["ECONNREFUSED"], "one attempt, not a hundred");
    clock.advance(500);
    wd.ping();
    assert.deepEqual(codes(), ["ECONNREFUSED", "ECONNREFUSED"]);
  });

  it("a Watchdog created long after start-up pings at its first ping(), not half an interval later", () => {
    using t = setup(10_000_000);
    t.clock.advance(60_000); // however long ago the process started, the first ping is due now
    assert.equal(t.wd.ping(), true);
    assert.deepEqual(t.receiver.drain(), ["WATCHDOG=1"]);
  });

  it("sends the seed's spamming loop (8 s at a 5 s interval, after a notify()) as one ping per half interval", () => {
    using t = setup(5_000_000);
    t.wd.notify();
    t.receiver.drain();
    let sent = 0;
    for (let ms = 0; ms <= 4 * 2000; ms += 50) { // example.py: while t <= 4 * int(5e6 / 2e6)
      t.clock.advance(50);
      if (t.wd.ping()) sent++;
    }
    assert.equal(sent, 3);
    assert.deepEqual(t.receiver.drain(), ["WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"]);
  });

  it("is reset by notify() only, not by status() or ready()", () => {
    using t = setup();
    t.wd.notify();
    t.clock.advance(400);
    t.wd.status("busy");
    t.wd.ready();
    t.clock.advance(100);
    assert.equal(t.wd.notifyDue, true);
    t.wd.notify();
    assert.equal(t.wd.notifyDue, false);
    t.clock.advance(500);
    assert.equal(t.wd.notifyDue, true);
  });

  it("follows a new interval set with setWatchdogInterval()", () => {
    using t = setup(1_000_000);
    t.wd.notify();
    assert.equal(t.wd.setWatchdogInterval(10_000_000), true);
    assert.equal(t.wd.timeout, 10_000_000);
    t.clock.advance(4999);
    assert.equal(t.wd.notifyDue, false);
    t.clock.advance(1);
    assert.equal(t.wd.notifyDue, true);
    assert.deepEqual(t.receiver.drain(), ["WATCHDOG=1", "WATCHDOG_USEC=10000000"]);
  });
});

describe("Watchdog messages", () => {
  it("sends every typed assignment", () => {
    using receiver = new Receiver();
    using wd = watchdog({ env: receiver.env });
    const cases: [() => boolean, string][] = [
      [() => wd.ready(), "READY=1"],
      [() => wd.status("Serving"), "STATUS=Serving"],
      [() => wd.stopping(), "STOPPING=1"],
      [() => wd.extendTimeout(3_000_000), "EXTEND_TIMEOUT_USEC=3000000"],
      [() => wd.extendTimeout(18446744073709551614n), "EXTEND_TIMEOUT_USEC=18446744073709551614"],
      [() => wd.errno(5), "ERRNO=5"],
      [() => wd.busError("org.freedesktop.DBus.Error.Failed"), "BUSERROR=org.freedesktop.DBus.Error.Failed"],
      [() => wd.exitStatus(3), "EXIT_STATUS=3"],
      [() => wd.mainPid(1234), "MAINPID=1234"],
      [() => wd.notifyAccess("all"), "NOTIFYACCESS=all"],
      [() => wd.notifyError(), "WATCHDOG=trigger"],
      [() => wd.send("X_APP=1"), "X_APP=1"],
      [() => wd.send({ STATUS: "a", X_APP: 2 }), "STATUS=a\nX_APP=2"],
    ];
    for (const [call, datagram] of cases) {
      assert.equal(call(), true);
      assert.deepEqual(receiver.drain(), [datagram]);
    }
  });

  it("sends RELOADING=1 with MONOTONIC_USEC read from CLOCK_MONOTONIC", () => {
    using receiver = new Receiver();
    using wd = watchdog({ env: receiver.env });
    const before = monotonicUsec();
    wd.reloading();
    const after = monotonicUsec();
    const match = /^RELOADING=1\nMONOTONIC_USEC=(\d+)$/.exec(receiver.drain()[0]);
    assert.ok(match, "RELOADING=1 and MONOTONIC_USEC in one datagram");
    const usec = BigInt(match[1]);
    assert.ok(before <= usec && usec <= after, `${before} <= ${usec} <= ${after}`);
  });

  it("setWatchdogInterval(0) turns the watchdog off: no ping is due, the keep-alive pauses until the next interval", async () => {
    using receiver = new Receiver();
    using wd = watchdog({ env: { ...receiver.env, WATCHDOG_USEC: "1000000" } });
    const keepAlive = wd.keepAlive({ fraction: 0.9 });
    assert.equal(wd.setWatchdogInterval(0), true);
    const state = [wd.isEnabled, wd.timeout, wd.notifyDue, wd.ping(), keepAlive.active];
    assert.deepEqual(state, [false, 0, false, false, false]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(receiver.drain(), ["WATCHDOG_USEC=0"], "no ping while off");
    assert.equal(wd.setWatchdogInterval(200_000), true); // on again: so is the keep-alive, pinging at once
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(receiver.drain(), ["WATCHDOG_USEC=200000", "WATCHDOG=1"]);
  });

  it("setWatchdogInterval(2^64-1), infinity to systemd, turns the watchdog off as 0 does", () => {
    using receiver = new Receiver();
    using wd = watchdog({ env: { ...receiver.env, WATCHDOG_USEC: "1000000" } });
    const keepAlive = wd.keepAlive();
    assert.equal(wd.setWatchdogInterval(18446744073709551615n), true);
    assert.deepEqual([wd.isEnabled, wd.timeout, wd.notifyDue, wd.ping(), keepAlive.active], [
      false,
      0,
      false,
      false,
      false,
    ]);
    assert.deepEqual(receiver.drain().filter((m) => m !== "WATCHDOG=1"), ["WATCHDOG_USEC=18446744073709551615"]);
  });

  it("enables the watchdog when setWatchdogInterval() is sent, as systemd does", () => {
    using receiver = new Receiver();
    using wd = watchdog({ env: receiver.env });
    assert.equal(wd.isEnabled, false);
    wd.setWatchdogInterval(3_000_000);
    assert.equal(wd.isEnabled, true);
    assert.equal(wd.timeout, 3_000_000);
    assert.deepEqual(receiver.drain(), ["WATCHDOG_USEC=3000000"]);
  });

  it("after close(): every sending method returns false and onError hears EBADF once; keepAlive() and onReload() throw EBADF", async () => {
    for (const env of [{}, { NOTIFY_SOCKET: "@closed" }]) {
      const clock = manualClock();
      const { codes, errors, onError } = collectErrors();
      const wd = watchdog({ env: { ...env, WATCHDOG_USEC: "1000000" }, now: clock.now, onError });
      wd.close();
      wd.close(); // closing twice is fine
      clock.advance(501); // a ping is due: ping() must try to send
      const calls = [
        () => wd.ready(),
        () => wd.reloading(),
        () => wd.notify(),
        () => wd.ping(),
        () => wd.beat(),
        () => wd.send("X=1"),
        () => wd.status("x"),
        () => wd.notifyError("x"),
        () => wd.stopping(),
        () => wd.extendTimeout(1),
        () => wd.setWatchdogInterval(1_000_000),
      ];
      for (const call of calls) assert.equal(call(), false, call.toString());
      assert.equal(await wd.barrier(), false);
      await wd.flush(); // resolves: close() gave up what was queued, and said so
      assert.deepEqual(codes(), ["EBADF"], "said once, not at every call");
      assert.match(errors[0].message, /^Cannot send notification: this Watchdog was closed; stop the timers/);
      assert.equal(codeOf(() => wd.keepAlive()), "EBADF");
      assert.equal(codeOf(() => wd.onReload(() => {})), "EBADF");
      assert.equal(codeOf(() => wd.send("bad key=1")), "EINVAL", "bad input is still refused");
      assert.equal(wd.phase, "closed");
    }
  });

  it("phase follows READY=1, RELOADING=1 and STOPPING=1 wherever send() puts them, as systemd finds them", () => {
    using wd = watchdog({ env: {} });
    assert.equal(wd.phase, "starting");
    wd.send("STATUS=Up\nREADY=1"); // systemd looks for the line READY=1 anywhere in the message
    assert.equal(wd.phase, "ready");
    wd.send({ RELOADING: 1n, MONOTONIC_USEC: 1 });
    assert.equal(wd.phase, "reloading");
    wd.send({ READY: true });
    assert.equal(wd.phase, "ready");
    wd.send({ STATUS: "READY=1 is not a line of its own", STOPPING: 1n });
    assert.equal(wd.phase, "stopping");
    wd.send({ READY: 1 });
    assert.equal(wd.phase, "stopping", "stopping is for good");
  });

  it("refuses values systemd would not accept", () => {
    using wd = watchdog({ env: {} });
    assert.equal(codeOf(() => wd.exitStatus(300)), "EINVAL");
    assert.equal(codeOf(() => wd.mainPid(0)), "EINVAL");
    assert.equal(codeOf(() => wd.errno(-1)), "EINVAL");
    assert.equal(codeOf(() => wd.busError("nodots")), "EINVAL");
    assert.equal(codeOf(() => wd.extendTimeout(1.5)), "EINVAL");
    assert.equal(codeOf(() => wd.notifyAccess("some" as "all")), "EINVAL");
  });
});
