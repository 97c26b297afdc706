import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";
import { until, withStderrLines } from "./support/waiting.ts";

const INTERVAL = { WATCHDOG_USEC: "100000" }; // 100 ms: a ping every 50 ms

const pings = (fake: FakeNotifySocket) => fake.messages.filter((m) => m.WATCHDOG === "1").length;

describe("keepAlive", () => {
  it("pings at once when started, then every half interval (median gap within 0.5x-2x of 50 ms)", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const seen: number[] = [];
    const started = performance.now();
    using _wd = watchdog({ env: { ...fake.env, ...INTERVAL }, keepAlive: true });
    while (seen.length < 8) {
      await until(() => pings(fake) > seen.length, `ping ${seen.length + 1}`);
      seen.push(performance.now());
    }
    // The first comes before a period has passed; the rest about a period apart.
    assert.ok(seen[0] - started < seen[2] - seen[1], `first after ${seen[0] - started} ms`);
    const gaps = seen.slice(1).map((at, i) => at - seen[i]).sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)];
    assert.ok(median > 25 && median < 100, `median gap ${median} ms for a 50 ms period`);
  });

  it("pings at once when started, even with an interval of a minute", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using _wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: "60000000" }, keepAlive: true });
    await fake.waitFor((message) => message.WATCHDOG === "1", { timeoutMs: 5000 });
  });

  it("does not keep the process alive", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const script = fileURLToPath(new URL("./support/keep_alive_only.ts", import.meta.url));
    const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script], fake.env);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "keeping alive");
  });

  it("sends nothing while healthy() says no, and resumes when it says yes", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let healthy = false;
    let asked = 0;
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({ healthy: () => (asked++, healthy) });
    await until(() => asked >= 3, "three health checks");
    assert.equal(pings(fake), 0);
    healthy = true;
    await until(() => pings(fake) >= 1, "a ping once healthy");
  });

  it("waits for an async healthy(), and treats one past its deadline as unhealthy", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const reasons: string[] = [];
    let asked = 0;
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({
      healthy: () => (asked++, new Promise(() => {})),
      healthyTimeoutMs: 10,
      onUnhealthy: (reason) => reasons.push(reason),
    });
    await until(() => asked >= 3, "three health checks");
    assert.equal(pings(fake), 0);
    assert.deepEqual(reasons, ["healthy() did not answer within 10 ms"], "once, not at every check");
    wd.keepAlive({ healthy: () => Promise.resolve(true) });
    await until(() => pings(fake) >= 2, "pings after an async yes");
  });

  it("says why in one STATUS= line when unhealthy, and in another when healthy again", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let answer: boolean | string = "database unreachable";
    let asked = 0;
    const reasons: string[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({ healthy: () => (asked++, answer), onUnhealthy: (reason) => reasons.push(reason) });
    await until(() => asked >= 3, "three health checks");
    answer = true;
    await until(() => pings(fake) >= 1, "a ping once healthy");
    answer = false;
    const pinged = pings(fake);
    await until(() => asked >= 8, "more health checks");
    const statuses = fake.messages.filter((m) => "STATUS" in m).map((m) => m.STATUS);
    assert.deepEqual(statuses, [
      "Unhealthy, watchdog pings paused: database unreachable",
      "Healthy again, watchdog pings resumed",
      "Unhealthy, watchdog pings paused: healthy() answered false",
    ]);
    assert.deepEqual(reasons, ["database unreachable", "healthy() answered false"]);
    assert.equal(pings(fake), pinged, "no ping while unhealthy");
  });

  it("turns unhealthy once for a reason that changes at every check, and restores the service's status after", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let healthy = false;
    let asked = 0;
    const reasons: string[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.status("Serving on :8080");
    wd.keepAlive({
      healthy: () => healthy || `no job for ${++asked} s`,
      onUnhealthy: (reason) => reasons.push(reason),
    });
    await until(() => asked >= 4, "four health checks");
    healthy = true;
    await until(() => pings(fake) >= 1, "a ping once healthy");
    const statuses = fake.messages.filter((m) => "STATUS" in m).map((m) => m.STATUS);
    assert.deepEqual(statuses, [
      "Serving on :8080",
      "Unhealthy, watchdog pings paused: no job for 1 s",
      "Serving on :8080 (healthy again)",
    ]);
    assert.deepEqual(reasons, ["no job for 1 s"]);
  });

  it("stays unhealthy across a restart at a new pace (setWatchdogInterval), saying so once", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let healthy = false;
    let asked = 0;
    const reasons: string[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.send({ STATUS: "Serving", X_APP: 1 }); // send() sets the service's status too
    wd.keepAlive({ healthy: () => (asked++, healthy || "db down"), onUnhealthy: (reason) => reasons.push(reason) });
    await until(() => asked >= 2, "two health checks");
    wd.setWatchdogInterval(80_000); // restarts the keep-alive every 40 ms
    const before = asked;
    await until(() => asked >= before + 3, "three more checks");
    healthy = true;
    await until(() => pings(fake) >= 1, "a ping once healthy");
    const statuses = fake.messages.filter((m) => "STATUS" in m).map((m) => m.STATUS);
    assert.deepEqual(statuses, ["Serving", "Unhealthy, watchdog pings paused: db down", "Serving (healthy again)"]);
    assert.deepEqual(reasons, ["db down"]);
  });

  it("keeps the (healthy again) mark on a status too long to take it whole", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let healthy = false;
    let asked = 0;
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.status("x".repeat(5000));
    wd.keepAlive({ healthy: () => (asked++, healthy), onUnhealthy: () => {} });
    await until(() => asked >= 2, "two health checks");
    healthy = true;
    await until(() => pings(fake) >= 1, "a ping once healthy");
    const restored = fake.messages.filter((m) => "STATUS" in m).at(-1)!.STATUS;
    assert.match(restored, /^x+… \(healthy again\)$/);
    assert.equal(new TextEncoder().encode(`STATUS=${restored}`).length, 4096);
  });

  it("an async onUnhealthy that rejects is no unhandled rejection", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    let called = 0;
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({
      healthy: () => false,
      onUnhealthy: async () => {
        called++;
        await Promise.resolve();
        throw new Error("async handler bug");
      },
    });
    await until(() => called >= 1, "onUnhealthy");
    await new Promise((resolve) => setTimeout(resolve, 20)); // an unhandled rejection would fail this test
  });

  it("decides on a hanging healthy() within half the time between pings, before systemd would kill", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const started = performance.now();
    let decidedAfter = 0;
    using wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: "400000" } }); // a check every 200 ms
    wd.keepAlive({
      healthy: () => new Promise(() => {}),
      onUnhealthy: () => (decidedAfter = performance.now() - started),
    });
    await until(() => decidedAfter > 0, "a verdict");
    // The first check comes after one period (200 ms); systemd's deadline is two periods after the last ping.
    assert.ok(decidedAfter < 2 * 200, `decided after ${decidedAfter} ms, with the kill due at 400 ms`);
  });

  it("counts an answer whose then cannot even be read as unhealthy, once", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const reasons: string[] = [];
    let asked = 0;
    const hostile = {
      get then() {
        throw new Error("no then for you");
      },
    };
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({ healthy: () => (asked++, hostile as unknown as boolean), onUnhealthy: (r) => reasons.push(r) });
    await until(() => asked >= 3, "three health checks");
    assert.deepEqual(reasons, ["healthy() failed: no then for you"]);
  });

  it("survives any answer from healthy(): a bigint, a cycle, a rejection with no Error", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const answers: unknown[] = [1n, cycle, undefined, 0];
    const reasons: string[] = [];
    for (const answer of answers) {
      using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
      wd.keepAlive({ healthy: () => answer as boolean, onUnhealthy: (reason) => reasons.push(reason) });
      using later = watchdog({ env: { ...fake.env, ...INTERVAL } });
      later.keepAlive({ healthy: () => Promise.resolve(answer as boolean), onUnhealthy: (r) => reasons.push(r) });
      await until(() => reasons.length >= 2, "both answers");
      reasons.length = 0;
    }
    using rejecting = watchdog({ env: { ...fake.env, ...INTERVAL } });
    rejecting.keepAlive({ healthy: () => Promise.reject(1n), onUnhealthy: (reason) => reasons.push(reason) });
    await until(() => reasons.length >= 1, "the rejection");
    assert.deepEqual(reasons, ["healthy() failed: 1"]);
  });

  it("counts a healthy() that throws or rejects as unhealthy, with its message as the reason", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const reasons: string[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({
      healthy: () => {
        throw new Error("probe crashed");
      },
      onUnhealthy: (reason) => reasons.push(reason),
    });
    await until(() => reasons.length >= 1, "the thrown probe");
    using other = watchdog({ env: { ...fake.env, ...INTERVAL } }); // wd stays unhealthy: it would not say so again
    other.keepAlive({ healthy: () => Promise.reject(new Error("probe failed")), onUnhealthy: (r) => reasons.push(r) });
    await until(() => reasons.length >= 2, "the rejected probe");
    assert.deepEqual(reasons, ["healthy() failed: probe crashed", "healthy() failed: probe failed"]);
  });

  it("hands failed pings to the Watchdog's onError, never to an exception or an unhandled rejection", async () => {
    const fake = await FakeNotifySocket.open({ abstract: true });
    const { onError, codes } = collectErrors();
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL }, onError });
    wd.keepAlive();
    fake.close(); // the receiver goes away: sends fail
    await until(() => codes().length >= 2, "two failed pings");
    assert.deepEqual(codes().slice(0, 2), ["ECONNREFUSED", "ECONNREFUSED"]);
  });

  it("replaces itself when started twice, and stops with stop(), close() or dispose", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    const first = wd.keepAlive();
    const second = wd.keepAlive();
    assert.equal(first.active, false);
    assert.equal(second.active, true);
    second.stop();
    assert.equal(second.active, false);
    const third = wd.keepAlive();
    wd.close();
    assert.equal(third.active, false);
    const fourth = (() => {
      using disposed = watchdog({ env: { ...fake.env, ...INTERVAL } });
      return disposed.keepAlive();
    })();
    assert.equal(fourth.active, false);
    // Nothing pings any more: ten intervals later the count has not moved.
    const count = pings(fake);
    let asked = 0;
    using probe = watchdog({ env: { ...fake.env, ...INTERVAL } });
    probe.keepAlive({ healthy: () => (asked++, false) }); // a clock made of the same timers
    await until(() => asked >= 10, "ten ticks");
    assert.equal(pings(fake), count);
  });

  it("does nothing when the watchdog is off", () => {
    using wd = watchdog({ env: { NOTIFY_SOCKET: "@unused" } });
    assert.equal(wd.isEnabled, false);
    assert.equal(wd.keepAlive().active, false);
  });

  it("follows the watchdog: asked for while it is off, it starts with setWatchdogInterval(), pauses at 0, resumes", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env, keepAlive: true }); // a unit without WatchdogSec=
    const handle = wd.keepAlive();
    assert.equal(handle.active, false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(pings(fake), 0);

    wd.setWatchdogInterval(100_000); // systemd turns the watchdog on: a ping every 50 ms
    assert.equal(handle.active, true);
    await until(() => pings(fake) >= 3, "three pings after the watchdog was turned on");

    wd.setWatchdogInterval(0); // off: paused
    assert.equal(handle.active, false);
    const paused = pings(fake);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(pings(fake), paused, "no ping while the watchdog is off");

    wd.setWatchdogInterval(60_000); // on again, at a new pace: every 30 ms
    assert.equal(handle.active, true);
    await until(() => pings(fake) >= paused + 3, "pings again after the watchdog came back");

    handle.stop(); // stopped by the service: it stays stopped whatever the watchdog does
    wd.setWatchdogInterval(100_000);
    assert.equal(handle.active, false);
    const stopped = pings(fake);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(pings(fake), stopped);
  });

  it("says once on stderr why it sends nothing when WATCHDOG_PID names another process", async () => {
    const lines = await withStderrLines(async () => {
      using wd = watchdog({ env: { NOTIFY_SOCKET: "@unused", ...INTERVAL, WATCHDOG_PID: "1" }, pid: 4242 });
      assert.equal(wd.isEnabled, false);
      wd.keepAlive();
      wd.keepAlive();
      wd.ping();
      await Promise.resolve();
    });
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(
      lines[0],
      /^@x\/systemd-watchdog: WATCHDOG_PID=1 is not this process \(4242\): systemd expects watchdog pings from that process .* make the runtime the unit's main process/,
    );
  });

  it("says once on stderr why it sends nothing for a malformed WATCHDOG_USEC; nothing when the unit has no watchdog", async () => {
    const lines = await withStderrLines(async () => {
      using wd = watchdog({ env: { NOTIFY_SOCKET: "@unused", WATCHDOG_USEC: "5s" }, keepAlive: true });
      wd.ping();
      using plain = watchdog({ env: { NOTIFY_SOCKET: "@unused" }, keepAlive: true });
      plain.ping();
      using outside = watchdog({ env: { WATCHDOG_USEC: "5s" }, keepAlive: true }); // not under systemd
      outside.ping();
      await Promise.resolve();
    });
    assert.deepEqual(lines, [
      '@x/systemd-watchdog: Cannot read the watchdog interval: WATCHDOG_USEC="5s" is not a number of microseconds; ' +
      "fix the unit's environment or unset WATCHDOG_USEC; this Watchdog sends no pings",
    ]);
  });

  it("refuses a fraction outside (0, 1) and a bad healthyTimeoutMs, whether the watchdog is on or off", () => {
    for (const env of [{ NOTIFY_SOCKET: "@unused", ...INTERVAL }, {}]) {
      using wd = watchdog({ env });
      for (const fraction of [0, 1, -0.5, 2, Number.NaN, Infinity]) {
        assert.equal(codeOf(() => wd.keepAlive({ fraction })), "EINVAL");
      }
      for (const healthyTimeoutMs of [0, -1, 1.5, Number.NaN, Infinity, 3e9]) {
        assert.equal(codeOf(() => wd.keepAlive({ healthyTimeoutMs })), "EINVAL");
      }
      assert.equal(codeOf(() => watchdog({ env, keepAlive: { fraction: 2 } })), "EINVAL");
      assert.equal(codeOf(() => wd.keepAlive(null as never)), "EINVAL");
    }
  });

  it("throws EBADF after close() instead of starting a timer", () => {
    const wd = watchdog({ env: { NOTIFY_SOCKET: "@unused", ...INTERVAL } });
    wd.close();
    assert.equal(codeOf(() => wd.keepAlive()), "EBADF");
  });

  it("caps its period for a WATCHDOG_USEC beyond the timer range, instead of pinging every millisecond", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const hundredDays = String(100 * 24 * 3600 * 1_000_000);
    let asked = 0;
    using wd = watchdog({ env: { ...fake.env, WATCHDOG_USEC: hundredDays } });
    wd.keepAlive({ healthy: () => (asked++, true) });
    using probe = watchdog({ env: { ...fake.env, ...INTERVAL } }); // ticks every 50 ms
    let ticks = 0;
    probe.keepAlive({ healthy: () => (ticks++, false), onUnhealthy: () => {} });
    await until(() => ticks >= 4, "four ticks of a 50 ms keep-alive");
    assert.equal(asked, 1, "the first check at start, then none: a timer beyond 2^31-1 ms would fire over and over");
  });
});
