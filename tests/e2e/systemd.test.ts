import { it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { runtimeExecutable } from "../support/spawn.ts";
import {
  daemon,
  daemonCommand,
  fetchText,
  fileWhenWritten,
  freePort,
  runtime,
  sleep,
  startUnit,
  staysActive as staysActiveIn,
} from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";

// The unit file users copy, and the paths in it that stand for this checkout.
const example = {
  bun: { unit: "bun-daemon.service", runtimePath: "/usr/local/bin/bun", installDir: "/opt/bun-daemon/" },
  deno: { unit: "deno-service.service", runtimePath: "/usr/local/bin/deno", installDir: "/opt/deno-service/" },
  node: { unit: "node-service.service", runtimePath: "/usr/local/bin/node", installDir: "/opt/node-service/" },
}[runtime];

describeUnderEachSystemd(`${runtime} daemons`, (systemd) => {
  const { install } = systemd;
  const start = (...args: Parameters<typeof startUnit> extends [unknown, ...infer Rest] ? Rest : never) =>
    startUnit(systemd.manager, ...args);
  const staysActive = (unit: string, ms: number) => staysActiveIn(systemd.manager, unit, ms);

  it("Type=notify: systemd-run returns once ready() is sent; the status arrives byte for byte", async () => {
    await using daemon = await start("ready", ["WatchdogSec=1"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    const shown = await systemd.manager.show(daemon.unit);
    assert.equal(shown.ActiveState, "active"); // not "activating": READY=1 arrived before systemd-run returned
    assert.equal(shown.NotifyAccess, "main");
    assert.equal(shown.StatusText, "enabled=true timeout=1000000 UTF-8: Grüße ☃ ✓ 🎉");
  });

  it("the daemon sees its watchdog: isEnabled, and timeout equal to WatchdogSec in µs", async () => {
    await using daemon = await start("ready", ["WatchdogSec=3"]);
    assert.match((await systemd.manager.show(daemon.unit)).StatusText, /^enabled=true timeout=3000000 /);
  });

  it("without WatchdogSec, isEnabled is false", async () => {
    await using daemon = await start("ready", []);
    assert.match((await systemd.manager.show(daemon.unit)).StatusText, /^enabled=false timeout=0 /);
  });

  it("ping() from a timer keeps the unit alive well past WatchdogSec", async () => {
    await using daemon = await start("ready", ["WatchdogSec=1"]);
    await staysActive(daemon.unit, 3500);
  });

  it("keepAlive() alone keeps the unit alive well past WatchdogSec", async () => {
    await using daemon = await start("keep-alive", ["WatchdogSec=1"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await staysActive(daemon.unit, 3500);
  });

  it("keepAlive() stops pinging when healthy() says no, and systemd kills the daemon: Result=watchdog", async () => {
    await using daemon = await start("keep-alive", ["WatchdogSec=1"], { env: { HEALTHY_FOR_MS: "1500" } });
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    assert.match(await daemon.ended(), /^watchdog /);
  });

  it("keepAlive(): when healthy() says no, StatusText says why as systemd kills the daemon", async () => {
    const log = `${systemd.manager.runtimeDir}/unhealthy-${runtime}.log`;
    await using daemon = await start(
      "keep-alive",
      ["WatchdogSec=1", "WatchdogSignal=SIGUSR2", "TimeoutAbortSec=30", `StandardError=file:${log}`],
      { env: { HEALTHY_FOR_MS: "1500", IGNORE_SIGUSR2: "1" } },
    );
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.SubState === "stop-watchdog", 10_000);
    assert.equal(shown.Result, "watchdog");
    assert.equal(shown.StatusText, "Unhealthy, watchdog pings paused: the job queue stalled");
    // The journal keeps stderr after the kill: the same reason, once.
    assert.equal(
      readFileSync(log, "utf8"),
      "@x/systemd-watchdog: unhealthy, watchdog pings paused: the job queue stalled\n",
    );
  });

  it("a manager that stops reading for seconds while the daemon bursts: nothing thrown, READY and STOPPING arrive", async () => {
    const report = `${systemd.manager.runtimeDir}/burst-${runtime}`;
    const log = `${report}.log`;
    await using daemon = await start("burst", ["WatchdogSec=3", `StandardError=file:${log}`], {
      env: { REPORT: report },
      noBlock: true,
    });
    const waiting = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "waiting for the burst");
    const pid = Number(waiting.MainPID);
    const burstWhilePaused = (signal: NodeJS.Signals, reportFile: string, pauseMs: number) =>
      systemd.manager.paused(async () => {
        process.kill(pid, signal);
        const written = await fileWhenWritten(reportFile);
        await sleep(pauseMs); // the manager stays stopped a while after the burst
        return JSON.parse(written);
      });

    // 2,000 status lines, 21 pings and READY=1 while the manager does not read.
    const first = await burstWhilePaused("SIGUSR1", `${report}.1`, 3000);
    assert.equal(first.falses, 0, JSON.stringify(first));
    assert.ok(first.queued > 0, `the manager's queue filled and the rest was queued: ${JSON.stringify(first)}`);
    // No call waits longer than sendTimeoutMs (100 ms), and the waits do not add up.
    assert.ok(first.longestMs < 200 && first.totalMs < 1000, JSON.stringify(first));
    await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.ActiveState === "active" && shown.StatusText === "burst done",
    );
    await staysActive(daemon.unit, 2000);

    // Then 500 more and STOPPING=1, again while the manager does not read.
    const second = await burstWhilePaused("SIGUSR2", `${report}.2`, 2000);
    assert.equal(second.falses, 0, JSON.stringify(second));
    assert.ok(second.queued > 0, JSON.stringify(second));
    const stopping = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "stopping by itself");
    assert.deepEqual([stopping.ActiveState, stopping.SubState], ["deactivating", "stop-sigterm"]); // STOPPING=1 seen
    process.kill(pid, "SIGTERM");
    assert.equal(await daemon.ended(), "success exited 0");
    assert.equal(readFileSync(log, "utf8"), "", "nothing on stderr: no exception, no failed delivery");
  });

  it("a status with line breaks from a request handler arrives as one line", async () => {
    const port = await freePort();
    await using daemon = await start("http", ["WatchdogSec=2"], { env: { PORT: String(port) } });
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    assert.equal(await fetchText(`http://127.0.0.1:${port}/a%0Ab%0D%0Ac%00d`), "sent=true");
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText.startsWith("request "));
    assert.equal(shown.StatusText, "request /a b cd"); // the line breaks became spaces, the NUL went
    await staysActive(daemon.unit, 1500);
  });

  it("NOTIFY_SOCKET names nothing: the service keeps serving, and says why once on stderr", async () => {
    const port = await freePort();
    const log = `${systemd.manager.runtimeDir}/nothing-${runtime}.log`;
    const nothing = `${systemd.manager.runtimeDir}/no-such.sock`;
    await using daemon = await start("http", ["Type=exec", `StandardError=file:${log}`], {
      env: { PORT: String(port), NOTIFY_SOCKET: nothing, WATCHDOG_USEC: "200000" }, // keepAlive() fails every 100 ms
    });
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    for (let request = 0; request < 10; request++) {
      assert.equal(await fetchText(`http://127.0.0.1:${port}/${request}`), "sent=false");
      await sleep(100);
    }
    await staysActive(daemon.unit, 500);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(
      lines[0],
      new RegExp(`^@x/systemd-watchdog: Cannot send notification to NOTIFY_SOCKET=${nothing}: .*ENOENT`),
    );
  });

  it("sdNotifyBarrier(): a sender that exits right after READY=1 and the barrier still started the unit", async () => {
    await using daemon = await start("barrier", ["RemainAfterExit=yes"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    // The daemon exits 0 only if the barrier passed; the unit counts as started, then exited cleanly.
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.SubState === "exited", 10_000);
    assert.deepEqual([shown.ActiveState, shown.Result], ["active", "success"]);
  });

  it("the file descriptor store: an fd stored with sdNotifyWithFds() comes back after a restart", async () => {
    await using daemon = await start("fd-store", ["FileDescriptorStoreMax=1"]);
    const stored = await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.StatusText.startsWith("stored "),
      10_000,
    );
    const pipe = stored.StatusText.slice("stored ".length);
    assert.match(pipe, /^pipe:\[\d+\]$/);
    const restart = await systemd.manager.systemctl("restart", daemon.unit);
    assert.equal(restart.code, 0, restart.stderr);
    const back = await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.StatusText.startsWith("got back "),
      10_000,
    );
    assert.equal(back.StatusText, `got back ${pipe}`); // the same pipe, by name "kept"
  });

  it("socket activation: a connection starts the service, which serves on the passed socket", async () => {
    const port = await freePort();
    const name = `sdw-${runtime}-activated-${process.pid}`;
    const unitDir = `${systemd.manager.runtimeDir}/systemd/user`;
    mkdirSync(unitDir, { recursive: true });
    writeFileSync(`${unitDir}/${name}.socket`, `[Socket]\nListenStream=127.0.0.1:${port}\nFileDescriptorName=http\n`);
    writeFileSync(
      `${unitDir}/${name}.service`,
      `[Service]\nType=notify\nEnvironment=SCENARIO=activated\nExecStart=${daemonCommand().join(" ")}\n`,
    );
    await systemd.manager.systemctl("daemon-reload");
    try {
      const listening = await systemd.manager.systemctl("start", `${name}.socket`);
      assert.equal(listening.code, 0, listening.stderr);
      assert.equal((await systemd.manager.show(`${name}.service`)).ActiveState, "inactive");
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(await response.text(), `${runtime} serves fd 3 named http`);
      assert.equal((await systemd.manager.show(`${name}.service`)).ActiveState, "active");
    } finally {
      await systemd.manager.systemctl("stop", `${name}.socket`, `${name}.service`);
      rmSync(`${unitDir}/${name}.socket`);
      rmSync(`${unitDir}/${name}.service`);
    }
  });

  it("a blocked event loop stops the pings, and systemd kills the daemon: Result=watchdog", async () => {
    await using daemon = await start("busy", ["WatchdogSec=1"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    assert.match(await daemon.ended(), /^watchdog /);
  });

  it("notifyError(msg): StatusText is msg and Result=watchdog right away", async () => {
    // WatchdogSec=60 is never reached: only WATCHDOG=trigger can stop the daemon within the wait.
    await using daemon = await start("error", ["WatchdogSec=60", "WatchdogSignal=SIGUSR2", "TimeoutAbortSec=30"]);
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.SubState === "stop-watchdog", 10_000);
    assert.equal(shown.StatusText, "Disk on fire");
    assert.equal(shown.Result, "watchdog");
  });

  it("extendTimeout() lets a start slower than TimeoutStartSec succeed", async () => {
    await using daemon = await start("slow-start", ["TimeoutStartSec=2"], { env: { EXTEND: "1" } });
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    assert.equal((await systemd.manager.show(daemon.unit)).ActiveState, "active");
  });

  it("without extendTimeout() the same start fails: Result=timeout", async () => {
    await using daemon = await start("slow-start", ["TimeoutStartSec=2"]);
    assert.notEqual(daemon.started.code, 0);
    assert.match(await daemon.ended(), /^timeout /);
  });

  it("setWatchdogInterval(): pinging slower than the old interval but faster than the new one survives", async () => {
    await using daemon = await start("change-interval", ["WatchdogSec=1"]);
    // The status follows READY=1, so it may arrive after systemd-run returns.
    await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "interval 4000000", 10_000);
    await staysActive(daemon.unit, 5000);
  });

  it("setWatchdogInterval(0): systemd turns the watchdog off, and a daemon that no longer pings stays active", async () => {
    await using daemon = await start("watchdog-off", ["WatchdogSec=1"]);
    await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "watchdog off", 10_000);
    await staysActive(daemon.unit, 3000);
  });

  /** Reloads the unit and checks it passes through "reloading" back to "active" with the daemon's status. */
  async function reloadsThroughReloading(unit: string): Promise<void> {
    const reload = systemd.manager.systemctl("reload", unit);
    // systemd enters "reloading" when ExecReload starts, before the daemon's own status arrives.
    await systemd.manager.waitFor(
      unit,
      (shown) => shown.ActiveState === "reloading" && shown.StatusText === "reloading",
      10_000,
    );
    assert.equal((await reload).code, 0);
    const done = await systemd.manager.waitFor(
      unit,
      (shown) => shown.ActiveState === "active" && shown.StatusText === "reloaded",
    );
    assert.equal(done.Result, "success");
  }

  it("reload: reloading() then ready(); systemctl reload succeeds and the unit passes through reloading", async () => {
    await using daemon = await start("reload", ["WatchdogSec=2", "ExecReload=/bin/kill -HUP $MAINPID"]);
    await reloadsThroughReloading(daemon.unit);
  });

  it("onReload(), ExecReload=/bin/kill -HUP $MAINPID: systemctl reload succeeds through reloading", async () => {
    await using daemon = await start("on-reload", ["WatchdogSec=2", "ExecReload=/bin/kill -HUP $MAINPID"]);
    await reloadsThroughReloading(daemon.unit);
    await reloadsThroughReloading(daemon.unit); // and again: the listener stays
  });

  it("onReload() with a failing handler: the reload ends, the unit stays active and its status says why", async () => {
    // Type=notify-reload where systemd has it (253+), else ExecReload= sending SIGHUP.
    const reload = install.version >= 253 ? "Type=notify-reload" : "ExecReload=/bin/kill -HUP $MAINPID";
    await using daemon = await start("on-reload-failing", ["WatchdogSec=2", reload]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    const reloaded = await systemd.manager.systemctl("reload", daemon.unit);
    assert.equal(reloaded.code, 0, reloaded.stderr);
    const shown = await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.StatusText.startsWith("Reload failed"),
      10_000,
    );
    assert.equal(
      shown.StatusText,
      "Reload failed, still running on the previous configuration: config.toml: line 3: unknown key",
    );
    const after = await systemd.manager.waitFor(daemon.unit, (shown) => shown.ActiveState === "active", 10_000);
    assert.equal(after.Result, "success");
    await staysActive(daemon.unit, 2500); // past WatchdogSec: still pinging
  });

  it("stopping() then exit on SIGTERM: a clean stop", async () => {
    await using daemon = await start("stop", ["WatchdogSec=2"]);
    const stop = await systemd.manager.systemctl("stop", daemon.unit);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await daemon.ended(), "success exited 0"); // exited by itself, not killed by SIGTERM
  });

  it("errno(n) and status(): StatusErrno and StatusText show the failure", async () => {
    await using daemon = await start("errno", []);
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusErrno !== "0", 10_000);
    assert.equal(shown.StatusErrno, "5");
    assert.equal(shown.StatusText, "Failing with EIO");
  });

  it("unsetEnvironment: a child spawned afterwards has no NOTIFY_SOCKET", async () => {
    await using daemon = await start("unset", []);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    // READY=1 went first, so systemd-run may return before the status arrives.
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText !== "", 10_000);
    assert.equal(shown.StatusText, "child NOTIFY_SOCKET=unset");
  });

  // Deno's permission model: only the Deno run has it.
  if (runtime === "deno") {
    it("a Deno daemon without --allow-ffi fails with our clear error", async () => {
      const log = `${systemd.manager.runtimeDir}/no-ffi.log`;
      await using daemon = await start("ready", [`StandardError=file:${log}`], {
        command: daemonCommand(["--allow-env"]),
      });
      assert.notEqual(daemon.started.code, 0);
      await daemon.ended();
      const stderr = readFileSync(log, "utf8");
      assert.match(stderr, /NotifyError: Cannot send notification: Deno needs FFI access .* run with --allow-ffi/);
      assert.doesNotMatch(stderr, /ext:deno_ffi/);
    });
  }

  // Node.js's permission model: only the Node.js run has it.
  if (runtime === "node") {
    it("a Node.js daemon under --permission without --allow-ffi fails with our clear error, and no FFI warning", async () => {
      const log = `${systemd.manager.runtimeDir}/no-ffi.log`;
      const root = fileURLToPath(new URL("../..", import.meta.url));
      await using unit = await start("ready", [`StandardError=file:${log}`], {
        command: [runtimeExecutable, "--permission", `--allow-fs-read=${root}*`, daemon],
      });
      assert.notEqual(unit.started.code, 0);
      await unit.ended();
      const stderr = readFileSync(log, "utf8");
      assert.match(
        stderr,
        /NotifyError: Cannot send notification: Node\.js runs with --permission, .* add --allow-ffi/,
      );
      assert.doesNotMatch(stderr, /ExperimentalWarning/);
    });
  }

  // Type=notify-reload came with systemd 253: it runs under every installation that has it.
  if (install.version >= 253) {
    it("Type=notify-reload: systemd sends SIGHUP itself and waits for reloading() ... ready()", async () => {
      await using daemon = await start("reload", ["Type=notify-reload", "WatchdogSec=2"]);
      assert.equal(daemon.started.code, 0, daemon.started.stderr);
      await reloadsThroughReloading(daemon.unit);
    });

    it("onReload(), Type=notify-reload: systemd's SIGHUP is answered with RELOADING=1 ... READY=1", async () => {
      await using daemon = await start("on-reload", ["Type=notify-reload", "WatchdogSec=2"]);
      assert.equal(daemon.started.code, 0, daemon.started.stderr);
      await reloadsThroughReloading(daemon.unit);
      await reloadsThroughReloading(daemon.unit);
    });
  }

  it(`the example unit examples/${example.unit} starts, reloads and stops cleanly`, async () => {
    const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
    const unitDir = `${systemd.manager.runtimeDir}/systemd/user`; // on the user manager's search path
    const endFile = `${systemd.manager.runtimeDir}/${example.unit}.end`;
    mkdirSync(`${unitDir}/${example.unit}.d`, { recursive: true });
    const unitText = readFileSync(`${examples}${example.unit}`, "utf8")
      .replaceAll(example.runtimePath, runtimeExecutable)
      .replaceAll(example.installDir, examples);
    writeFileSync(`${unitDir}/${example.unit}`, unitText);
    writeFileSync(
      `${unitDir}/${example.unit}.d/test.conf`,
      `[Service]\nExecStopPost=/bin/sh -c 'echo "$$SERVICE_RESULT $$EXIT_CODE $$EXIT_STATUS" > ${endFile}'\n`,
    );
    await systemd.manager.systemctl("daemon-reload");
    try {
      const started = await systemd.manager.systemctl("start", example.unit);
      assert.equal(started.code, 0, started.stderr);
      let shown = await systemd.manager.waitFor(example.unit, (shown) => shown.StatusText.startsWith("Running"));
      assert.equal(shown.ActiveState, "active");
      assert.equal(shown.StatusText, "Running (watchdog every 10000 ms)");

      const reload = systemd.manager.systemctl("reload", example.unit);
      assert.equal((await reload).code, 0);
      shown = await systemd.manager.waitFor(example.unit, (shown) => shown.StatusText.startsWith("Reloaded"));
      assert.equal(shown.ActiveState, "active");

      const stop = await systemd.manager.systemctl("stop", example.unit);
      assert.equal(stop.code, 0, stop.stderr);
      assert.equal(readFileSync(endFile, "utf8").trim(), "success exited 0");
    } finally {
      await systemd.manager.cleanUp(example.unit);
      rmSync(unitDir, { recursive: true, force: true });
      rmSync(endFile, { force: true });
    }
  });
});
