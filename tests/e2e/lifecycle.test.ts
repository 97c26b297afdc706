import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runtime, scriptCommand, sleep, startUnit, staysActive as staysActiveIn } from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";

// The edges of a service's life (issue 21), under the real systemd: start-up, stop, close, a watchdog turned on
// later, a Worker. Each runner drives daemons on its own runtime.
describeUnderEachSystemd(`the edges of a service's life (${runtime})`, (systemd) => {
  const { install } = systemd;
  const start = (...args: Parameters<typeof startUnit> extends [unknown, ...infer Rest] ? Rest : never) =>
    startUnit(systemd.manager, ...args);

  it("a SIGHUP during start-up leaves the unit activating until the service's ready(), then reloads once", async () => {
    await using daemon = await start("reload-during-start", ["ExecReload=/bin/kill -HUP $MAINPID"], {
      env: { START_MS: "2500" },
      noBlock: true,
    });
    const loading = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "loading");
    assert.equal(loading.ActiveState, "activating");
    const kill = await systemd.manager.systemctl("kill", "-s", "HUP", daemon.unit); // logrotate, a script, ...
    assert.equal(kill.code, 0, kill.stderr);
    await sleep(1000);
    const meanwhile = await systemd.manager.show(daemon.unit);
    assert.deepEqual([meanwhile.ActiveState, meanwhile.StatusText], ["activating", "loading"], "no READY=1 yet");
    const reloaded = await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.ActiveState === "active" && shown.StatusText.startsWith("reloaded"),
      10_000,
    );
    assert.equal(reloaded.StatusText, "reloaded after the start");
    assert.equal(reloaded.Result, "success");
  });

  it("keepAlive asked for without WatchdogSec follows setWatchdogInterval(): the unit outlives the new interval", async () => {
    await using daemon = await start("keep-alive-later", []);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "watchdog turned on: 2000000 µs");
    assert.equal((await systemd.manager.show(daemon.unit, ["WatchdogUSec"])).WatchdogUSec, "2s");
    await staysActiveIn(systemd.manager, daemon.unit, 5000); // a keep-alive that never started is killed after 2 s
  });

  it("stopping(), close() and a timer that still pings and sets the status: a clean stop, Result=success", async () => {
    const log = `${systemd.manager.runtimeDir}/close-on-stop-${runtime}.log`;
    await using daemon = await start("close-on-stop", ["WatchdogSec=2", `StandardError=file:${log}`]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await sleep(300);
    const stop = await systemd.manager.systemctl("stop", daemon.unit);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await daemon.ended(), "success exited 0");
    // The default onError said once that the Watchdog was closed; nothing was thrown.
    const lines = readFileSync(log, "utf8").trim().split("\n");
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /^@x\/systemd-watchdog: Cannot send notification: this Watchdog was closed; /);
  });

  it(
    runtime === "deno"
      ? "a Worker's own onReload() (Deno Workers get signals): systemctl reload reaches it"
      : "onReload() in a Worker is refused, so the main thread listens and passes reloads on: systemctl reload reaches the Worker",
    async () => {
      const worker = fileURLToPath(new URL("./worker_daemon.ts", import.meta.url));
      const root = fileURLToPath(new URL("../..", import.meta.url));
      await using daemon = await start("worker", ["ExecReload=/bin/kill -HUP $MAINPID"], {
        // Deno loads a Worker's modules only with read access to them.
        command: scriptCommand(worker, ["--allow-env", "--allow-ffi", `--allow-read=${root}`]),
      });
      assert.equal(daemon.started.code, 0, daemon.started.stderr);
      const how = runtime === "deno" ? "its own listener" : "main thread, as the worker got EOPNOTSUPP";
      await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === `worker listening by ${how}`);
      for (const count of [1, 2]) {
        const reload = await systemd.manager.systemctl("reload", daemon.unit);
        assert.equal(reload.code, 0, reload.stderr);
        const shown = await systemd.manager.waitFor(
          daemon.unit,
          (shown) => shown.StatusText === `reloaded ${count} in the worker (${how})`,
        );
        assert.equal(shown.ActiveState, "active");
      }
      await staysActiveIn(systemd.manager, daemon.unit, 500); // SIGHUP did not end the process
    },
  );

  it(
    install.version >= 254
      ? "notifyAccess('all'): systemd 254 reads NOTIFYACCESS= and the unit's NotifyAccess becomes all"
      : `notifyAccess('all'): systemd ${install.version} ignores NOTIFYACCESS=, as docs/api.md says`,
    async () => {
      await using daemon = await start("notify-access", ["WatchdogSec=2"]);
      assert.equal(daemon.started.code, 0, daemon.started.stderr);
      const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "NOTIFYACCESS=all sent");
      assert.equal(shown.NotifyAccess, install.version >= 254 ? "all" : "main");
    },
  );
});
