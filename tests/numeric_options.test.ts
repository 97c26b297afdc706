import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sdNotify, sdNotifyBarrier, sdNotifyWithFds, watchdog } from "../mod.ts";
import { NotifySocket, parseNotifyAddress } from "../advanced.ts";
import { FakeNotifySocket } from "../testing.ts";
import { notifyErrorOf } from "./support/errors.ts";

const BAD_TIMEOUTS = [Number.NaN, Infinity, -Infinity, -1, 1.5, 3e9, "100" as unknown as number];

/** Asserts that `fn` throws (or rejects with) EINVAL naming `option`. */
async function refuses(fn: () => unknown, option: string): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (thrown) {
    error = thrown;
  }
  const checked = notifyErrorOf(() => {
    if (error) throw error;
  });
  assert.equal(checked.code, "EINVAL", checked.message);
  assert.match(checked.message, new RegExp(`${option} is .*; pass `));
}

describe("numeric options are checked where they are given", () => {
  for (const value of BAD_TIMEOUTS) {
    it(`sendTimeoutMs ${String(value)}: EINVAL from watchdog(), sdNotify(), sdNotifyWithFds() and NotifySocket`, async () => {
      const env = { NOTIFY_SOCKET: "@sdw-never-bound" };
      await refuses(() => watchdog({ env, sendTimeoutMs: value }), "sendTimeoutMs");
      await refuses(() => watchdog({ env: {}, sendTimeoutMs: value }), "sendTimeoutMs");
      await refuses(() => sdNotify("READY=1", { env: {}, sendTimeoutMs: value }), "sendTimeoutMs");
      await refuses(() => sdNotifyWithFds("FDSTORE=1", [0], { env: {}, sendTimeoutMs: value }), "sendTimeoutMs");
      await refuses(() => new NotifySocket(parseNotifyAddress("@x"), { sendTimeoutMs: value }), "sendTimeoutMs");
    });

    it(`timeoutMs ${String(value)}: EINVAL from barriers, flush() and waitFor()`, async () => {
      await using fake = await FakeNotifySocket.open({ abstract: true });
      using wd = watchdog({ env: fake.env });
      await refuses(() => sdNotifyBarrier({ env: {}, timeoutMs: value }), "timeoutMs");
      await refuses(() => sdNotifyBarrier({ env: fake.env, timeoutMs: value }), "timeoutMs");
      await refuses(() => wd.barrier({ timeoutMs: value }), "timeoutMs");
      await refuses(() => watchdog({ env: {} }).barrier({ timeoutMs: value }), "timeoutMs");
      await refuses(() => wd.flush({ timeoutMs: value }), "timeoutMs");
      await refuses(() => fake.waitFor(() => true, { timeoutMs: value }), "timeoutMs");
    });
  }

  it("sendTimeoutMs accepts 0 to 60000", () => {
    for (const sendTimeoutMs of [0, 1, 60_000]) watchdog({ env: {}, sendTimeoutMs });
    assert.throws(() => watchdog({ env: {}, sendTimeoutMs: 60_001 }), { code: "EINVAL" });
  });

  it("every other watchdog() option of the wrong kind is refused with EINVAL, saying which", () => {
    const bad: [string, Record<string, unknown>][] = [
      ["onError", { onError: "log" }],
      ["env", { env: null }],
      ["env", { env: "NOTIFY_SOCKET=@x" }],
      ["now", { now: "x" }],
      ["now", { now: () => "soon" }],
      ["now", { now: () => Number.NaN }],
      ["pid", { pid: Number.NaN }],
      ["pid", { pid: -5 }],
      ["pid", { pid: 1.5 }],
      ["unsetEnvironment", { unsetEnvironment: "yes" }],
      ["phase", { phase: "reloading" }],
      ["keepAlive", { keepAlive: "true" }],
      ["keepAlive", { keepAlive: null }],
    ];
    for (const [option, options] of bad) {
      const error = notifyErrorOf(() => watchdog({ env: {}, ...options } as never));
      assert.equal(error.code, "EINVAL", option);
      assert.match(error.message, new RegExp(`^Cannot create a Watchdog: .*${option}`), error.message);
    }
  });
});
