import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { skipUnless } from "../support/ci.ts";
import { runtimeExecutable } from "../support/spawn.ts";
import { systemdVersion, UserManager, whyNoUserManager } from "./user_manager.ts";

// Each runner drives daemons on its own runtime: `deno test` runs Deno daemons, `bun test` Bun ones.
const runtime = "Bun" in globalThis ? "bun" : "deno";
const daemon = fileURLToPath(new URL("./daemon.ts", import.meta.url));
const denoPermissions = ["--allow-env", "--allow-ffi", "--allow-run=sh", "--allow-read=/proc"];
const daemonCommand = (permissions = denoPermissions) =>
  runtime === "bun" ? [runtimeExecutable, daemon] : [runtimeExecutable, "run", ...permissions, daemon];
const noManager = whyNoUserManager();
// The unit file users copy, and the paths in it that stand for this checkout.
const example = runtime === "bun"
  ? { unit: "bun-daemon.service", runtimePath: "/usr/local/bin/bun", installDir: "/opt/bun-daemon/" }
  : { unit: "deno-service.service", runtimePath: "/usr/local/bin/deno", installDir: "/opt/deno-service/" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe(`under a real systemd (${runtime} daemons)`, {
  skip: skipUnless(noManager === undefined, `a systemd user manager cannot run here: ${noManager}`),
}, () => {
  let manager: UserManager;
  let count = 0;

  before(async () => {
    manager = await UserManager.start();
  });
  after(async () => {
    await manager?.stop();
  });

  /** Starts the daemon as a Type=notify unit; `ended` reads how it ended (from ExecStopPost). */
  async function start(
    scenario: string,
    properties: string[],
    options: { command?: string[]; env?: Record<string, string> } = {},
  ) {
    const unit = `sdw-${runtime}-${scenario}-${process.pid}-${count++}.service`;
    const endFile = `${manager.runtimeDir}/${unit}.end`;
    const started = await manager.runUnit(
      unit,
      [
        "Type=notify",
        `ExecStopPost=/bin/sh -c 'echo "$$SERVICE_RESULT $$EXIT_CODE $$EXIT_STATUS" > ${endFile}'`,
        ...properties,
      ],
      { SCENARIO: scenario, ...options.env },
      options.command ?? daemonCommand(),
    );
    async function ended(timeoutMs = 15_000): Promise<string> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        try {
          return readFileSync(endFile, "utf8").trim();
        } catch {
          if (performance.now() > deadline) throw new Error(`${unit} did not end within ${timeoutMs} ms`);
          await sleep(50);
        }
      }
    }
    return {
      unit,
      started,
      ended,
      [Symbol.asyncDispose]: () => manager.cleanUp(unit).then(() => rmSync(endFile, { force: true })),
    };
  }

  /** Asserts that the unit stays active, with the same main process, for `ms`. */
  async function staysActive(unit: string, ms: number): Promise<void> {
    const { MainPID } = await manager.show(unit);
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      const shown = await manager.show(unit);
      assert.deepEqual(
        [shown.ActiveState, shown.Result, shown.MainPID],
        ["active", "success", MainPID],
        JSON.stringify(shown),
      );
      await sleep(100);
    }
  }

  it("Type=notify: systemd-run returns once ready() is sent; the status arrives byte for byte", async () => {
    await using daemon = await start("ready", ["WatchdogSec=1"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    const shown = await manager.show(daemon.unit);
    assert.equal(shown.ActiveState, "active"); // not "activating": READY=1 arrived before systemd-run returned
    assert.equal(shown.NotifyAccess, "main");
    assert.equal(shown.StatusText, "enabled=true timeout=1000000 UTF-8: Grüße ☃ ✓ 🎉");
  });

  it("the daemon sees its watchdog: isEnabled, and timeout equal to WatchdogSec in µs", async () => {
    await using daemon = await start("ready", ["WatchdogSec=3"]);
    assert.match((await manager.show(daemon.unit)).StatusText, /^enabled=true timeout=3000000 /);
  });

  it("without WatchdogSec, isEnabled is false", async () => {
    await using daemon = await start("ready", []);
    assert.match((await manager.show(daemon.unit)).StatusText, /^enabled=false timeout=0 /);
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

  it("sdNotifyBarrier(): a sender that exits right after READY=1 and the barrier still started the unit", async () => {
    await using daemon = await start("barrier", ["RemainAfterExit=yes"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    // The daemon exits 0 only if the barrier passed; the unit counts as started, then exited cleanly.
    const shown = await manager.waitFor(daemon.unit, (shown) => shown.SubState === "exited", 10_000);
    assert.deepEqual([shown.ActiveState, shown.Result], ["active", "success"]);
  });

  it("the file descriptor store: an fd stored with sdNotifyWithFds() comes back after a restart", async () => {
    await using daemon = await start("fd-store", ["FileDescriptorStoreMax=1"]);
    const stored = await manager.waitFor(daemon.unit, (shown) => shown.StatusText.startsWith("stored "), 10_000);
    const pipe = stored.StatusText.slice("stored ".length);
    assert.match(pipe, /^pipe:\[\d+\]$/);
    const restart = await manager.systemctl("restart", daemon.unit);
    assert.equal(restart.code, 0, restart.stderr);
    const back = await manager.waitFor(daemon.unit, (shown) => shown.StatusText.startsWith("got back "), 10_000);
    assert.equal(back.StatusText, `got back ${pipe}`); // the same pipe, by name "kept"
  });

  it("socket activation: a connection starts the service, which serves on the passed socket", async () => {
    const port = await freePort();
    const name = `sdw-${runtime}-activated-${process.pid}`;
    const unitDir = `${manager.runtimeDir}/systemd/user`;
    mkdirSync(unitDir, { recursive: true });
    writeFileSync(`${unitDir}/${name}.socket`, `[Socket]\nListenStream=127.0.0.1:${port}\nFileDescriptorName=http\n`);
    writeFileSync(
      `${unitDir}/${name}.service`,
      `[Service]\nType=notify\nEnvironment=SCENARIO=activated\nExecStart=${daemonCommand().join(" ")}\n`,
    );
    await manager.systemctl("daemon-reload");
    try {
      const listening = await manager.systemctl("start", `${name}.socket`);
      assert.equal(listening.code, 0, listening.stderr);
      assert.equal((await manager.show(`${name}.service`)).ActiveState, "inactive");
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(await response.text(), `${runtime} serves fd 3 named http`);
      assert.equal((await manager.show(`${name}.service`)).ActiveState, "active");
    } finally {
      await manager.systemctl("stop", `${name}.socket`, `${name}.service`);
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
    const shown = await manager.waitFor(daemon.unit, (shown) => shown.SubState === "stop-watchdog", 10_000);
    assert.equal(shown.StatusText, "Disk on fire");
    assert.equal(shown.Result, "watchdog");
  });

  it("extendTimeout() lets a start slower than TimeoutStartSec succeed", async () => {
    await using daemon = await start("slow-start", ["TimeoutStartSec=2"], { env: { EXTEND: "1" } });
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    assert.equal((await manager.show(daemon.unit)).ActiveState, "active");
  });

  it("without extendTimeout() the same start fails: Result=timeout", async () => {
    await using daemon = await start("slow-start", ["TimeoutStartSec=2"]);
    assert.notEqual(daemon.started.code, 0);
    assert.match(await daemon.ended(), /^timeout /);
  });

  it("setWatchdogInterval(): pinging slower than the old interval but faster than the new one survives", async () => {
    await using daemon = await start("change-interval", ["WatchdogSec=1"]);
    // The status follows READY=1, so it may arrive after systemd-run returns.
    await manager.waitFor(daemon.unit, (shown) => shown.StatusText === "interval 4000000", 10_000);
    await staysActive(daemon.unit, 5000);
  });

  /** Reloads the unit and checks it passes through "reloading" back to "active" with the daemon's status. */
  async function reloadsThroughReloading(unit: string): Promise<void> {
    const reload = manager.systemctl("reload", unit);
    // systemd enters "reloading" when ExecReload starts, before the daemon's own status arrives.
    await manager.waitFor(
      unit,
      (shown) => shown.ActiveState === "reloading" && shown.StatusText === "reloading",
      10_000,
    );
    assert.equal((await reload).code, 0);
    const done = await manager.waitFor(
      unit,
      (shown) => shown.ActiveState === "active" && shown.StatusText === "reloaded",
    );
    assert.equal(done.Result, "success");
  }

  it("reload: reloading() then ready(); systemctl reload succeeds and the unit passes through reloading", async () => {
    await using daemon = await start("reload", ["WatchdogSec=2", "ExecReload=/bin/kill -HUP $MAINPID"]);
    await reloadsThroughReloading(daemon.unit);
  });

  it("stopping() then exit on SIGTERM: a clean stop", async () => {
    await using daemon = await start("stop", ["WatchdogSec=2"]);
    const stop = await manager.systemctl("stop", daemon.unit);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await daemon.ended(), "success exited 0"); // exited by itself, not killed by SIGTERM
  });

  it("errno(n) and status(): StatusErrno and StatusText show the failure", async () => {
    await using daemon = await start("errno", []);
    const shown = await manager.waitFor(daemon.unit, (shown) => shown.StatusErrno !== "0", 10_000);
    assert.equal(shown.StatusErrno, "5");
    assert.equal(shown.StatusText, "Failing with EIO");
  });

  it("unsetEnvironment: a child spawned afterwards has no NOTIFY_SOCKET", async () => {
    await using daemon = await start("unset", []);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    // READY=1 went first, so systemd-run may return before the status arrives.
    const shown = await manager.waitFor(daemon.unit, (shown) => shown.StatusText !== "", 10_000);
    assert.equal(shown.StatusText, "child NOTIFY_SOCKET=unset");
  });

  // Deno's permission model: only the Deno run has it.
  if (runtime === "deno") {
    it("a Deno daemon without --allow-ffi fails with our clear error", async () => {
      const log = `${manager.runtimeDir}/no-ffi.log`;
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

  it("Type=notify-reload: systemd sends SIGHUP itself and waits for reloading() ... ready()", {
    skip: systemdVersion() < 253 && `systemd ${systemdVersion()} predates Type=notify-reload (253)`,
  }, async () => {
    await using daemon = await start("reload", ["Type=notify-reload", "WatchdogSec=2"]);
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await reloadsThroughReloading(daemon.unit);
  });

  it(`the example unit examples/${example.unit} starts, reloads and stops cleanly`, async () => {
    const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
    const unitDir = `${manager.runtimeDir}/systemd/user`; // on the user manager's search path
    const endFile = `${manager.runtimeDir}/${example.unit}.end`;
    mkdirSync(`${unitDir}/${example.unit}.d`, { recursive: true });
    const unitText = readFileSync(`${examples}${example.unit}`, "utf8")
      .replace(example.runtimePath, runtimeExecutable)
      .replace(example.installDir, examples);
    writeFileSync(`${unitDir}/${example.unit}`, unitText);
    writeFileSync(
      `${unitDir}/${example.unit}.d/test.conf`,
      `[Service]\nExecStopPost=/bin/sh -c 'echo "$$SERVICE_RESULT $$EXIT_CODE $$EXIT_STATUS" > ${endFile}'\n`,
    );
    await manager.systemctl("daemon-reload");
    try {
      const started = await manager.systemctl("start", example.unit);
      assert.equal(started.code, 0, started.stderr);
      let shown = await manager.waitFor(example.unit, (shown) => shown.StatusText.startsWith("Running"));
      assert.equal(shown.ActiveState, "active");
      assert.equal(shown.StatusText, "Running (watchdog every 10000 ms)");

      const reload = manager.systemctl("reload", example.unit);
      assert.equal((await reload).code, 0);
      shown = await manager.waitFor(example.unit, (shown) => shown.StatusText.startsWith("Reloaded"));
      assert.equal(shown.ActiveState, "active");

      const stop = await manager.systemctl("stop", example.unit);
      assert.equal(stop.code, 0, stop.stderr);
      assert.equal(readFileSync(endFile, "utf8").trim(), "success exited 0");
    } finally {
      await manager.cleanUp(example.unit);
      rmSync(unitDir, { recursive: true, force: true });
      rmSync(endFile, { force: true });
    }
  });
});
