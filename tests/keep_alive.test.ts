import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { NotifyError, watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf } from "./support/errors.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";

const INTERVAL = { WATCHDOG_USEC: "100000" }; // 100 ms: a ping every 50 ms

/** Resolves once `condition` holds, polling without blocking the event loop. */
async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pings = (fake: FakeNotifySocket) => fake.messages.filter((m) => m.WATCHDOG === "1").length;

describe("keepAlive", () => {
  it("pings by itself at half the interval", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using _wd = watchdog({ env: { ...fake.env, ...INTERVAL }, keepAlive: true });
    await until(() => pings(fake) >= 3, "three pings");
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
    const errors: unknown[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({ healthy: () => new Promise(() => {}), healthyTimeoutMs: 10, onError: (e) => errors.push(e) });
    await until(() => errors.length >= 2, "two timeouts");
    assert.equal(pings(fake), 0);
    assert.ok(errors[0] instanceof NotifyError && errors[0].code === "ETIMEDOUT", String(errors[0]));
    wd.keepAlive({ healthy: () => Promise.resolve(true) });
    await until(() => pings(fake) >= 2, "pings after an async yes");
  });

  it("sends errors to onError, never to an unhandled rejection", async () => {
    const fake = await FakeNotifySocket.open({ abstract: true });
    const errors: unknown[] = [];
    using wd = watchdog({ env: { ...fake.env, ...INTERVAL } });
    wd.keepAlive({ onError: (e) => errors.push(e) });
    fake.close(); // the receiver goes away: sends fail
    await until(() => errors.length >= 2, "two failed sends");
    assert.equal((errors[0] as NotifyError).code, "ECONNREFUSED");
    wd.keepAlive({ healthy: () => Promise.reject(new Error("probe failed")), onError: (e) => errors.push(e) });
    await until(() => errors.some((e) => (e as Error).message === "probe failed"), "the rejected probe");
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

  it("refuses a fraction outside (0, 1)", () => {
    using wd = watchdog({ env: { NOTIFY_SOCKET: "@unused", ...INTERVAL } });
    for (const fraction of [0, 1, -0.5, 2, Number.NaN]) {
      assert.equal(codeOf(() => wd.keepAlive({ fraction })), "EINVAL");
    }
  });
});
