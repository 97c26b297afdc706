import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { monotonicUsec, NotifyError, type ReloadOptions, watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { run, runScriptArgs, runtimeExecutable } from "./support/spawn.ts";
import { until, withStderrLines } from "./support/waiting.ts";

// SIGUSR2, not the default SIGHUP: a test runner's own terminal handling never involves it. Under `node --test`,
// SIGUSR2 also writes a diagnostic report into the working directory, unless told not to.
const SIGNAL = "SIGUSR2";
const report = (process as { report?: { reportOnSignal: boolean } }).report;
if (report) report.reportOnSignal = false;
const signalSelf = () => process.kill(process.pid, SIGNAL);

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Resolves once `fake` has received `count` datagrams in all, or rejects saying what it got. */
async function datagrams(fake: FakeNotifySocket, count: number): Promise<readonly string[]> {
  await fake.waitFor(() => fake.datagrams.length >= count, { timeoutMs: 5000 }).catch(() => {
    throw new Error(`expected ${count} datagrams, got ${JSON.stringify(fake.datagrams)}`);
  });
  return fake.datagrams;
}

describe("onReload", () => {
  it("answers the signal with RELOADING=1 and MONOTONIC_USEC in one datagram, runs the handler, then READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    const during: string[][] = [];
    const before = monotonicUsec();
    using _listener = wd.onReload(async () => {
      await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
      during.push([...fake.datagrams]);
    }, { signal: SIGNAL });
    signalSelf();
    const [reloading, ready] = await datagrams(fake, 2);
    const after = monotonicUsec();
    const match = /^RELOADING=1\nMONOTONIC_USEC=(\d+)$/.exec(reloading);
    assert.ok(match, `first datagram: ${JSON.stringify(reloading)}`);
    const usec = BigInt(match[1]);
    assert.ok(before <= usec && usec <= after, `MONOTONIC_USEC=${usec} not within ${before}..${after}`);
    assert.equal(ready, "READY=1");
    assert.deepEqual(during, [[reloading]], "the handler ran after RELOADING=1 and before READY=1");
  });

  it("installs its listener for SIGHUP by default, at once", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++);
    process.kill(process.pid, "SIGHUP");
    assert.deepEqual((await datagrams(fake, 2))[1], "READY=1");
    assert.equal(reloads, 1);
  });

  it("answers signals that come during a reload with one more reload, after that reload's READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    const gates = [gate(), gate()];
    let running = 0;
    let most = 0;
    let calls = 0;
    using _listener = wd.onReload(async () => {
      most = Math.max(most, ++running);
      await gates[calls++].opened;
      running--;
    }, { signal: SIGNAL });
    signalSelf();
    await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
    signalSelf();
    await new Promise((resolve) => setTimeout(resolve, 25));
    signalSelf(); // two during the first reload: one more reload, not two
    await new Promise((resolve) => setTimeout(resolve, 25)); // room for a wrong second reload to start
    assert.equal(calls, 1, "the second reload waits for the first");
    gates[0].open();
    await fake.waitFor(() => calls === 2, { timeoutMs: 5000 });
    gates[1].open();
    const all = await datagrams(fake, 4);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong third reload
    assert.deepEqual(all.map((datagram) => datagram.split("\n")[0]), [
      "RELOADING=1",
      "READY=1",
      "RELOADING=1",
      "READY=1",
    ]);
    assert.equal(most, 1);
    assert.equal(calls, 2);
    assert.equal(fake.datagrams.length, 4);
  });

  it("says a failed reload in STATUS=, gives onError ECANCELED with the cause, sends READY=1, and restores the status after the next reload", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { errors, onError } = collectErrors();
    using wd = watchdog({ env: fake.env, onError });
    wd.status("Serving 3 sites");
    const cause = new Error("config.toml: line 3: unknown key");
    let fail = true;
    using _listener = wd.onReload(() => fail ? Promise.reject(cause) : undefined, { signal: SIGNAL });
    signalSelf();
    const [, reloading, status, ready] = await datagrams(fake, 4);
    assert.match(reloading, /^RELOADING=1\n/);
    assert.equal(
      status,
      "STATUS=Reload failed, still running on the previous configuration: config.toml: line 3: unknown key",
    );
    assert.equal(ready, "READY=1");
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof NotifyError);
    assert.equal(errors[0].code, "ECANCELED");
    assert.equal(errors[0].cause, cause);
    assert.match(errors[0].message, /^Cannot reload: the reload handler failed \(config\.toml: line 3: unknown key\)/);

    fail = false;
    signalSelf();
    const next = (await datagrams(fake, 7)).slice(4);
    assert.match(next[0], /^RELOADING=1\n/);
    assert.deepEqual(next.slice(1), ["STATUS=Serving 3 sites", "READY=1"]);
    assert.equal(errors.length, 1);
  });

  it("treats a handler that throws synchronously as a failed reload", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { codes, onError } = collectErrors();
    using wd = watchdog({ env: fake.env, onError });
    using _listener = wd.onReload(() => {
      throw "no such file"; // not even an Error
    }, { signal: SIGNAL });
    signalSelf();
    const all = await datagrams(fake, 3);
    assert.deepEqual(all.slice(1), [
      "STATUS=Reload failed, still running on the previous configuration: no such file",
      "READY=1",
    ]);
    assert.deepEqual(codes(), ["ECANCELED"]);
  });

  it("runs the handler without NOTIFY_SOCKET, and reports a failure all the same", async () => {
    const { codes, onError } = collectErrors();
    using wd = watchdog({ env: {}, onError });
    let reloads = 0;
    using _listener = wd.onReload(() => {
      reloads++;
      throw new Error("bad config");
    }, { signal: SIGNAL });
    signalSelf();
    await until(() => codes().length > 0, "the failed reload's error");
    assert.equal(reloads, 1);
    assert.deepEqual(codes(), ["ECANCELED"]);
  });

  it("replaces its listener when called again: one reload per signal, by the newest handler", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    const ran: string[] = [];
    const first = wd.onReload(() => void ran.push("first"), { signal: SIGNAL });
    using _second = wd.onReload(() => void ran.push("second"), { signal: SIGNAL });
    assert.equal(first.active, false);
    signalSelf();
    await datagrams(fake, 2);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong second reload
    assert.deepEqual(ran, ["second"]);
    assert.equal(fake.datagrams.length, 2);
  });

  it("runs reloads one at a time across listeners: one replaced during a reload waits for its READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    const held = gate();
    const ran: string[] = [];
    wd.onReload(async () => {
      ran.push("first");
      await held.opened;
      throw new Error("bad config");
    }, { signal: SIGNAL });
    signalSelf();
    await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
    using _second = wd.onReload(() => void ran.push("second"), { signal: SIGNAL });
    signalSelf();
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong overlapping reload
    assert.deepEqual(ran, ["first"]);
    held.open();
    const all = await datagrams(fake, 6);
    assert.deepEqual(all.map((datagram) => datagram.split(/[\n:]/)[0]), [
      "RELOADING=1",
      "STATUS=Reload failed, still running on the previous configuration",
      "READY=1",
      "RELOADING=1",
      "STATUS=", // the failure's status cleared: the service had set none
      "READY=1",
    ]);
    assert.deepEqual(ran, ["first", "second"]);
  });

  it("restores the status after a failed reload once, by any listener, and not over one the service set since", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { onError } = collectErrors();
    using wd = watchdog({ env: fake.env, onError });
    wd.status("Serving");
    wd.onReload(() => Promise.reject(new Error("bad config")), { signal: SIGNAL });
    signalSelf();
    await datagrams(fake, 4); // STATUS=Serving, RELOADING=1, STATUS=Reload failed..., READY=1
    using _second = wd.onReload(() => void wd.status("Serving, reloaded"), { signal: SIGNAL });
    signalSelf();
    const all = await datagrams(fake, 7);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong extra status
    assert.deepEqual(all.slice(5), ["STATUS=Serving, reloaded", "READY=1"]); // not "Serving" over it
    signalSelf();
    await datagrams(fake, 9);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fake.datagrams.length, 10, JSON.stringify(fake.datagrams)); // RELOADING, STATUS, READY: no restore
  });

  it("counts a handler still running after timeoutMs as failed (ETIMEDOUT), sends READY=1, and reloads again", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { codes, errors, onError } = collectErrors();
    using wd = watchdog({ env: fake.env, onError });
    let stuck = true;
    using _listener = wd.onReload(() => stuck ? new Promise<void>(() => {}) : undefined, {
      signal: SIGNAL,
      timeoutMs: 100,
    });
    signalSelf();
    const [, status, ready] = await datagrams(fake, 3);
    assert.equal(
      status,
      "STATUS=Reload failed, still running on the previous configuration: the reload handler did not finish within 100 ms",
    );
    assert.equal(ready, "READY=1");
    assert.deepEqual(codes(), ["ETIMEDOUT"]);
    assert.equal(
      errors[0].message,
      "Cannot reload: the reload handler did not finish within 100 ms; the service keeps its previous state",
    );
    stuck = false;
    signalSelf();
    const next = (await datagrams(fake, 5)).slice(3);
    assert.match(next[0], /^RELOADING=1\n/);
    assert.equal(next[1], "STATUS=", "the status, which the service never set, is cleared");
  });

  it("writes each failed reload to stderr when there is no onError, not only the first", async () => {
    const lines = await withStderrLines(async (lines) => {
      using wd = watchdog({ env: {} });
      using _listener = wd.onReload(() => {
        throw new Error("bad config");
      }, { signal: SIGNAL });
      for (let reload = 1; reload <= 2; reload++) {
        signalSelf();
        await until(() => lines.length >= reload, `failed reload ${reload} on stderr`);
      }
    });
    const line = "@x/systemd-watchdog: Cannot reload: the reload handler failed (bad config); the service keeps its " +
      "previous state";
    assert.deepEqual(lines, [line, line]);
  });

  it("refuses a handler that is not a function, a signal other than SIGHUP/SIGUSR1/SIGUSR2, a bad timeoutMs, and use after close()", () => {
    const wd = watchdog({ env: {} });
    assert.equal(codeOf(() => wd.onReload("reload" as unknown as () => void)), "EINVAL");
    assert.equal(codeOf(() => wd.onReload(() => {}, { signal: "SIGKILL" as "SIGHUP" })), "EINVAL");
    assert.equal(codeOf(() => wd.onReload(() => {}, { signal: "SIGTERM" as "SIGHUP" })), "EINVAL"); // stops a service
    assert.equal(codeOf(() => wd.onReload(() => {}, { signal: "HUP" as "SIGHUP" })), "EINVAL");
    for (const timeoutMs of [0, 1.5, 2 ** 31, Number.NaN]) {
      assert.equal(codeOf(() => wd.onReload(() => {}, { timeoutMs })), "EINVAL", `timeoutMs ${timeoutMs}`);
    }
    assert.equal(codeOf(() => wd.onReload(() => {}, null as unknown as ReloadOptions)), "EINVAL");
    wd.close();
    assert.equal(codeOf(() => wd.onReload(() => {})), "EBADF");
  });

  it("close() during a reload: that one ends without sending or writing anything, the next asked for is dropped", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const lines = await withStderrLines(async () => {
      const wd = watchdog({ env: fake.env });
      const held = gate();
      let calls = 0;
      let finished = false;
      wd.onReload(async () => {
        calls++;
        await held.opened;
        finished = true;
      }, { signal: SIGNAL });
      signalSelf();
      await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
      signalSelf(); // asked for during the reload: dropped by close()
      await new Promise((resolve) => setTimeout(resolve, 25));
      wd.close();
      held.open();
      await until(() => finished, "the reload handler to finish");
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(calls, 1);
    });
    assert.deepEqual(lines, []);
    assert.deepEqual(fake.datagrams.length, 1, `sent after close(): ${JSON.stringify(fake.datagrams)}`);
  });

  describe("in a process of its own", () => {
    const script = fileURLToPath(new URL("./support/reload_listener.ts", import.meta.url));

    it("installs the listener at once (the kernel counts the signal as caught), and does not keep the process alive", async () => {
      const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script, "keep"]);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, "listening: true; SIGUSR2 caught before: false, at once: true\n");
    });

    for (const mode of ["close-listener", "close-watchdog"]) {
      it(`${mode.replace("-", "s the ")}: the signal's default action (ending the process) is back`, async () => {
        const { code, signal, stdout } = await run(runtimeExecutable, [...runScriptArgs, script, mode]);
        assert.equal(stdout, "listening: true; SIGUSR2 caught before: false, at once: true\nclosed: true\n");
        assert.deepEqual({ code, signal }, { code: null, signal: "SIGUSR2" });
      });
    }
  });
});
