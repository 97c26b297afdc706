import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runtime, scriptCommand, startUnit, staysActive } from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";

const service = fileURLToPath(new URL("../support/stall_service.ts", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));

// Stall reports (issue 22) under the real systemd: what StatusText and the journal (stderr) say before the kill.
describeUnderEachSystemd(`stall reports (${runtime} services)`, (systemd) => {
  const start = (name: string, mode: string, properties: string[], env: Record<string, string> = {}) => {
    const log = `${systemd.manager.runtimeDir}/stall-${name}-${runtime}.log`;
    const command = scriptCommand(service, ["--allow-env", "--allow-ffi", `--allow-read=${root}`]);
    const unit = startUnit(systemd.manager, `stall-${name}`, [...properties, `StandardError=file:${log}`], {
      command: [...command, mode],
      env,
    });
    return { unit, log: () => readFileSync(log, "utf8") };
  };

  it("a loop blocked in parseHugeThing() is killed (Result=watchdog), and StatusText and stderr said so first", async () => {
    // Bun as the README runs it: with the default SIGABRT it prints a crash report of its own.
    const signal = runtime === "bun" ? ["WatchdogSignal=SIGKILL"] : [];
    const { unit, log } = start("blocked", "block:forever", ["WatchdogSec=2", ...signal]);
    await using daemon = await unit;
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    const blocked = /^Event loop blocked for \d\.\d s \(since \d\d:\d\d:\d\d\.\d{3}\)/;
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => blocked.test(shown.StatusText), 10_000);
    assert.equal(shown.ActiveState, "active", "said before the kill");
    if (runtime === "node") {
      assert.match(shown.StatusText, /, in parseHugeThing \(file:\/\/.*stall_service\.ts:\d+:\d+\)$/);
    }
    assert.match(await daemon.ended(), /^watchdog /);
    const lines = log().trim().split("\n");
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /^@x\/systemd-watchdog: Event loop blocked for \d\.\d s \(since .*\).*: no watchdog ping/);
    if (runtime === "node") assert.match(lines[0], /its stack: parseHugeThing \(file:.*stall_service\.ts:\d+:\d+\)/);
  });

  it("a loop that runs while nothing pings is not called blocked: no watchdog ping while the event loop ran", async () => {
    // The report comes at the interval less half of afterMs: 1 s before the kill here (with the default afterMs and
    // WatchdogSec=2, 250 ms, which the polls of a loaded machine once missed).
    const { unit, log } = start("no-ping", "no-ping:60000", ["WatchdogSec=4"], { STALL_AFTER_MS: "2000" });
    await using daemon = await unit;
    const shown = await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.StatusText.startsWith("No watchdog ping"),
      10_000,
    );
    assert.match(shown.StatusText, /^No watchdog ping for \d\.\d s while the event loop ran$/);
    assert.match(await daemon.ended(), /^watchdog /);
    assert.doesNotMatch(log(), /blocked/);
    assert.match(log(), /^@x\/systemd-watchdog: No watchdog ping for \d\.\d s while the event loop ran: /);
  });

  it("a block under afterMs says nothing; a longer one that ends in time says it ran again, and StatusText comes back", async () => {
    const { unit, log } = start("recovered", "blocks:600,2600", ["WatchdogSec=8"], { RUN_AFTER_MS: "60000" });
    await using daemon = await unit;
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await systemd.manager.waitFor(
      daemon.unit,
      (shown) => shown.StatusText.startsWith("Event loop blocked for 2."),
      10_000,
    );
    await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "Serving", 10_000);
    await staysActive(systemd.manager, daemon.unit, 1000);
    // Durations are as fine as the heartbeat and the checks, each a quarter of afterMs (here 2 s): 2.6 s reads
    // 2.6 to 3.6 s once over.
    const lines = log().trim().split("\n");
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.match(lines[0], /^@x\/systemd-watchdog: Event loop blocked for 2\.\d s /, "the 600 ms block said nothing");
    assert.match(lines[1], /^@x\/systemd-watchdog: Event loop ran again after (2\.[6-9]|3\.[0-6]) s blocked$/);
  });

  it("a service that never set a status: once a report is over, StatusText is empty again", async () => {
    const { unit } = start("no-status", "blocks:2600", ["WatchdogSec=8"], { RUN_AFTER_MS: "60000", NO_STATUS: "1" });
    await using daemon = await unit;
    assert.equal(daemon.started.code, 0, daemon.started.stderr);
    await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText.startsWith("Event loop blocked"), 10_000);
    const shown = await systemd.manager.waitFor(daemon.unit, (shown) => shown.StatusText === "", 10_000);
    assert.equal(shown.ActiveState, "active");
  });
});
