import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { fileURLToPath } from "node:url";
import {
  monotonicUsec,
  NotifyError,
  type ReloadOptions,
  type Watchdog,
  watchdog,
  type WatchdogOptions,
} from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { codeOf, collectErrors } from "./support/errors.ts";
import { run, runScriptArgs, runtimeExecutable, runtimeName } from "./support/spawn.ts";
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

/** A Watchdog sending to `fake` whose service has said `READY=1`: reloads asked for before that wait for it. */
function readyWatchdog(fake: FakeNotifySocket, options: WatchdogOptions = {}): Watchdog {
  const wd = watchdog({ env: fake.env, ...options });
  wd.ready();
  return wd;
}

/** What `fake` received after the service's own first `READY=1`. */
const sent = (fake: FakeNotifySocket): readonly string[] => fake.datagrams.slice(1);

/** Resolves once `fake` has received `count` datagrams after the first `READY=1`, or rejects saying what it got. */
async function datagrams(fake: FakeNotifySocket, count: number): Promise<readonly string[]> {
  await fake.waitFor(() => sent(fake).length >= count, { timeoutMs: 5000 }).catch(() => {
    throw new Error(`expected ${count} datagrams after READY=1, got ${JSON.stringify(fake.datagrams)}`);
  });
  return sent(fake);
}

describe("onReload", () => {
  it("answers the signal with RELOADING=1 and MONOTONIC_USEC in one datagram, runs the handler, then READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = readyWatchdog(fake);
    const during: string[][] = [];
    const before = monotonicUsec();
    using _listener = wd.onReload(async () => {
      await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
      during.push([...sent(fake)]);
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
    using wd = readyWatchdog(fake);
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++);
    process.kill(process.pid, "SIGHUP");
    assert.deepEqual((await datagrams(fake, 2))[1], "READY=1");
    assert.equal(reloads, 1);
  });

  it("answers signals that come during a reload with one more reload, after that reload's READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = readyWatchdog(fake);
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
    assert.equal(sent(fake).length, 4);
  });

  it("says a failed reload in STATUS=, gives onError ECANCELED with the cause, sends READY=1, and restores the status after the next reload", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { errors, onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
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
    using wd = readyWatchdog(fake, { onError });
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
    wd.ready();
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
    using wd = readyWatchdog(fake);
    const ran: string[] = [];
    const first = wd.onReload(() => void ran.push("first"), { signal: SIGNAL });
    using _second = wd.onReload(() => void ran.push("second"), { signal: SIGNAL });
    assert.equal(first.active, false);
    signalSelf();
    await datagrams(fake, 2);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong second reload
    assert.deepEqual(ran, ["second"]);
    assert.equal(sent(fake).length, 2);
  });

  it("runs reloads one at a time across listeners: one replaced during a reload waits for its READY=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = readyWatchdog(fake);
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
      "STATUS=Reloaded, running on the new configuration", // the service had set none
      "READY=1",
    ]);
    assert.deepEqual(ran, ["first", "second"]);
  });

  it("after a failed reload, marks the service's status lines and holds reloadFailure until a reload succeeds", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
    wd.status("Serving");
    assert.equal(wd.reloadFailure, undefined);
    wd.onReload(() => Promise.reject(new Error("bad config")), { signal: SIGNAL });
    signalSelf();
    await datagrams(fake, 4); // STATUS=Serving, RELOADING=1, STATUS=Reload failed..., READY=1
    assert.equal((wd.reloadFailure as NotifyError | undefined)?.code, "ECANCELED"); // set by the signal
    wd.status("Serving 2 requests");
    wd.send({ STATUS: "Serving 3 requests", ERRNO: 0 });
    assert.deepEqual((await datagrams(fake, 7)).slice(4), [
      "STATUS=(last reload failed) Serving 2 requests",
      "STATUS=Serving 3 requests\nERRNO=0",
      "STATUS=(last reload failed) Serving 3 requests",
    ]);
    using _second = wd.onReload(() => void wd.status("Serving, reloaded"), { signal: SIGNAL });
    signalSelf();
    const all = await datagrams(fake, 11);
    assert.deepEqual(all.slice(8), [
      "STATUS=(last reload failed) Serving, reloaded", // the reload has not succeeded yet
      "STATUS=Serving, reloaded", // it has: the mark goes
      "READY=1",
    ]);
    assert.equal(wd.reloadFailure, undefined);
    signalSelf();
    await datagrams(fake, 14);
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong extra status
    assert.deepEqual(sent(fake).slice(12), ["STATUS=Serving, reloaded", "READY=1"]); // unmarked, no restore
  });

  it("counts a handler still running after timeoutMs as failed (ETIMEDOUT), aborts its signal, sends READY=1, and reloads again", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { codes, errors, onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
    let stuck = true;
    const reasons: unknown[] = [];
    using _listener = wd.onReload((signal) => {
      if (!stuck) return;
      return new Promise<void>((_, reject) =>
        signal.addEventListener("abort", () => {
          reasons.push(signal.reason);
          reject(signal.reason);
        })
      );
    }, { signal: SIGNAL, timeoutMs: 100 });
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
    assert.deepEqual(reasons, [errors[0]], "the handler's signal was aborted with the same error");
    stuck = false;
    signalSelf();
    const next = (await datagrams(fake, 6)).slice(3);
    assert.match(next[0], /^RELOADING=1\n/);
    assert.deepEqual(next.slice(1), ["STATUS=Reloaded, running on the new configuration", "READY=1"]);
  });

  it("never overlaps a handler that ignores its aborted signal: the next reload's handler starts once it has settled", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
    const held = gate();
    let running = 0;
    let most = 0;
    let calls = 0;
    using _listener = wd.onReload(async () => {
      most = Math.max(most, ++running);
      if (calls++ === 0) await held.opened; // past its timeout, deaf to its signal
      running--;
    }, { signal: SIGNAL, timeoutMs: 300 });
    signalSelf();
    await datagrams(fake, 3); // RELOADING=1, STATUS=Reload failed..., READY=1: the timeout
    signalSelf();
    await datagrams(fake, 4); // the next RELOADING=1 goes out at once
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(calls, 1, "the second handler waits for the first to settle");
    held.open();
    const all = await datagrams(fake, 6);
    assert.deepEqual(all.slice(4), ["STATUS=Reloaded, running on the new configuration", "READY=1"]);
    assert.equal(most, 1);
    assert.equal(calls, 2);
  });

  it("a handler that never settles: each later reload fails after its own timeoutMs, saying so, and READY=1 follows", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { codes, onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
    let calls = 0;
    using _listener = wd.onReload(() => {
      calls++;
      return new Promise<void>(() => {});
    }, { signal: SIGNAL, timeoutMs: 50 });
    signalSelf();
    await datagrams(fake, 3);
    signalSelf();
    const all = await datagrams(fake, 6);
    assert.match(all[3], /^RELOADING=1\n/);
    assert.equal(
      all[4],
      "STATUS=Reload failed, still running on the previous configuration: " +
        "the previous reload handler was still running after 50 ms",
    );
    assert.equal(all[5], "READY=1");
    assert.equal(calls, 1, "the second handler never started beside the first");
    assert.deepEqual(codes(), ["ETIMEDOUT", "ETIMEDOUT"]);
  });

  it("a signal during start-up: nothing is sent until the service's own ready(), then one reload runs", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    wd.status("Loading");
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++, { signal: SIGNAL });
    const lines = await withStderrLines(async () => {
      signalSelf();
      await new Promise((resolve) => setTimeout(resolve, 50));
      signalSelf();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.equal(lines.length, 1, `said once why the reload waits: ${JSON.stringify(lines)}`);
    assert.match(
      lines[0],
      /A reload signal came before READY=1: the reload runs right after ready\(\).*phase: "ready"/,
    );
    assert.deepEqual(fake.datagrams, ["STATUS=Loading"], "no RELOADING=1 or READY=1 before the service is ready");
    assert.equal(reloads, 0);
    assert.equal(wd.phase, "starting");
    wd.ready();
    await fake.waitFor(() => fake.datagrams.length >= 4, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong second reload
    assert.deepEqual(fake.datagrams.map((datagram) => datagram.split("\n")[0]), [
      "STATUS=Loading",
      "READY=1",
      "RELOADING=1",
      "READY=1",
    ]);
    assert.equal(reloads, 1);
    assert.equal(wd.phase, "ready");
  });

  it("a signal during start-up runs its reload after a READY=1 given to send() in any form, as after ready()", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env });
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++, { signal: SIGNAL });
    await withStderrLines(async () => {
      signalSelf();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.equal(reloads, 0, "no reload before READY=1");
    wd.send({ READY: 1n, STATUS: "Up" });
    await fake.waitFor(() => fake.datagrams.length >= 3, { timeoutMs: 5000 });
    assert.deepEqual(fake.datagrams.map((datagram) => datagram.split("\n")[0]), ["READY=1", "RELOADING=1", "READY=1"]);
    assert.equal(reloads, 1);
  });

  it("without NOTIFY_SOCKET, runs a reload at once, before any ready(): no READY=1 can reach a manager", async () => {
    using wd = watchdog({ env: {} });
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++, { signal: SIGNAL });
    signalSelf();
    await until(() => reloads === 1, "the reload");
  });

  it(`a Watchdog made with phase: "ready" (READY=1 went out elsewhere) runs reloads at once`, async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = watchdog({ env: fake.env, phase: "ready" });
    assert.equal(wd.phase, "ready");
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++, { signal: SIGNAL });
    signalSelf();
    await fake.waitFor(() => fake.datagrams.length >= 2, { timeoutMs: 5000 });
    assert.deepEqual(fake.datagrams.map((datagram) => datagram.split("\n")[0]), ["RELOADING=1", "READY=1"]);
    assert.equal(reloads, 1);
  });

  it("an onError that stops the service when RELOADING=1 cannot be sent: the handler never runs", async () => {
    const errors: string[] = [];
    let wd: Watchdog | undefined = undefined;
    // A NOTIFY_SOCKET no one listens on: every send fails, and onError stops the service at the first.
    wd = watchdog({
      env: { NOTIFY_SOCKET: `@sdw-nobody-${process.pid}` },
      phase: "ready",
      onError: (error) => {
        errors.push(error.code);
        wd?.stopping();
      },
    });
    let calls = 0;
    using _listener = wd.onReload(() => void calls++, { signal: SIGNAL });
    signalSelf();
    await until(() => errors.length > 0, "RELOADING=1 to fail");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(calls, 0, "no handler after STOPPING=1");
    assert.equal(wd.phase, "stopping");
    wd.close();
  });

  it("ignores signals once the service is stopping", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    using wd = readyWatchdog(fake);
    let reloads = 0;
    using _listener = wd.onReload(() => void reloads++, { signal: SIGNAL });
    wd.stopping();
    signalSelf();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(reloads, 0);
    assert.deepEqual(sent(fake), ["STOPPING=1"]);
    assert.equal(wd.phase, "stopping");
  });

  it("stopping() during a reload: its handler's signal is aborted, and nothing follows STOPPING=1", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const { codes, onError } = collectErrors();
    using wd = readyWatchdog(fake, { onError });
    let aborted: unknown;
    using _listener = wd.onReload(async (signal) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      aborted = signal.reason;
      throw signal.reason;
    }, { signal: SIGNAL });
    signalSelf();
    await fake.waitFor((message) => message.RELOADING === "1", { timeoutMs: 5000 });
    wd.stopping();
    await until(() => aborted !== undefined, "the handler's signal to be aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((aborted as NotifyError).code, "ECANCELED");
    assert.match((aborted as NotifyError).message, /the service is stopping/);
    assert.deepEqual(sent(fake).map((datagram) => datagram.split("\n")[0]), ["RELOADING=1", "STOPPING=1"]);
    assert.deepEqual(codes(), [], "a reload cut short by the stop is no failure to report");
  });

  it("writes each failed reload to stderr when there is no onError, not only the first", async () => {
    const lines = await withStderrLines(async (lines) => {
      using wd = watchdog({ env: {} });
      wd.ready();
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

  it("close() during a reload: its signal is aborted, it ends without sending or writing anything, the next asked for is dropped", async () => {
    await using fake = await FakeNotifySocket.open({ abstract: true });
    const lines = await withStderrLines(async () => {
      const wd = readyWatchdog(fake);
      const held = gate();
      let calls = 0;
      let finished = false;
      let aborted: unknown;
      wd.onReload(async (signal) => {
        calls++;
        await held.opened;
        aborted = signal.reason;
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
      assert.equal((aborted as NotifyError | undefined)?.code, "ECANCELED", "close() aborted the handler's signal");
    });
    assert.deepEqual(lines, []);
    assert.deepEqual(sent(fake).length, 1, `sent after close(): ${JSON.stringify(fake.datagrams)}`);
  });

  describe("in a process of its own", () => {
    const script = fileURLToPath(new URL("./support/reload_listener.ts", import.meta.url));

    it("installs the listener at once (the kernel counts the signal as caught), and does not keep the process alive", async () => {
      const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, script, "keep"]);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, "listening: true; SIGUSR2 caught before: false, at once: true\n");
    });

    it(
      runtimeName === "deno"
        ? "in a Worker on Deno, which gets signals: listens and reloads"
        : "in a Worker on Node.js and Bun, which get no signals: refused with EOPNOTSUPP, saying to use the main thread",
      async () => {
        const worker = fileURLToPath(new URL("./support/reload_in_worker.ts", import.meta.url));
        const { code, stdout, stderr } = await run(runtimeExecutable, [...runScriptArgs, worker]);
        assert.equal(code, 0, stderr);
        if (runtimeName === "deno") {
          assert.equal(stdout, "listening\nreloaded in the worker\n");
        } else {
          assert.match(
            stdout,
            /^EOPNOTSUPP: Cannot listen for SIGUSR2: signals reach only the main thread .*call it on the main thread/,
          );
        }
      },
    );

    it("close() during a reload whose handler never settles: the reload's deadline does not keep the process alive", async () => {
      const { code, stdout, stderr } = await run(
        runtimeExecutable,
        [...runScriptArgs, script, "close-during-reload"],
        {},
        30_000,
      );
      assert.equal(code, 0, stderr);
      assert.equal(stdout, "listening: true; SIGUSR2 caught before: false, at once: true\nreloading\n");
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
