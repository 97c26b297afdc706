/**
 * A single binary built with `bun build --compile`, as Bun services are often shipped: the end-to-end daemon,
 * compiled, under the real systemd. Only the Bun run builds it (the build is the same whichever runner asks).
 */
import { before, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "../support/spawn.ts";
import { daemon, runtime, startUnit, staysActive } from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";

const bun = fileURLToPath(new URL("../../node_modules/.bin/bun", import.meta.url));
const stallScript = fileURLToPath(new URL("../support/stall_service.ts", import.meta.url));

if (runtime === "bun") {
  describeUnderEachSystemd("a daemon built with bun build --compile", (systemd) => {
    let binary: string;
    let stallService: string;

    before(async () => {
      binary = `${systemd.manager.runtimeDir}/daemon`; // removed with the manager's directory
      const built = await run(bun, ["build", "--compile", daemon, "--outfile", binary]);
      assert.equal(built.code, 0, built.stdout + built.stderr);
      stallService = `${systemd.manager.runtimeDir}/stall-service`;
      const builtStall = await run(bun, ["build", "--compile", stallScript, "--outfile", stallService]);
      assert.equal(builtStall.code, 0, builtStall.stdout + builtStall.stderr);
    });

    it("has stall reports: its helper thread, built from source text, says the loop is blocked before the kill", async () => {
      await using unit = await startUnit(systemd.manager, "stall", ["WatchdogSec=2", "WatchdogSignal=SIGKILL"], {
        command: [stallService, "block:forever"],
      });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      await systemd.manager.waitFor(unit.unit, (shown) => shown.StatusText.startsWith("Event loop blocked for "));
      assert.match(await unit.ended(), /^watchdog /);
    });

    it("is ready, sees its watchdog, and stays active past WatchdogSec by pinging", async () => {
      await using unit = await startUnit(systemd.manager, "ready", ["WatchdogSec=1"], { command: [binary] });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      assert.equal(
        (await systemd.manager.show(unit.unit)).StatusText,
        "enabled=true timeout=1000000 UTF-8: Grüße ☃ ✓ 🎉",
      );
      await staysActive(systemd.manager, unit.unit, 3000);
    });

    it("is killed by systemd when its event loop blocks: Result=watchdog", async () => {
      // WatchdogSignal=SIGKILL: with the default SIGABRT, Bun prints a crash report that blames Bun.
      const log = `${systemd.manager.runtimeDir}/compiled-busy.log`;
      await using unit = await startUnit(
        systemd.manager,
        "busy",
        ["WatchdogSec=1", "WatchdogSignal=SIGKILL", `StandardError=file:${log}`],
        { command: [binary] },
      );
      assert.equal(unit.started.code, 0, unit.started.stderr);
      assert.match(await unit.ended(), /^watchdog /);
      assert.doesNotMatch(readFileSync(log, "utf8"), /Bun has crashed/);
    });

    it("with the default WatchdogSignal=SIGABRT, Bun reports a crash of its own (why the README says SIGKILL)", async () => {
      const log = `${systemd.manager.runtimeDir}/compiled-abort.log`;
      await using unit = await startUnit(systemd.manager, "busy", ["WatchdogSec=1", `StandardError=file:${log}`], {
        command: [binary],
      });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      assert.match(await unit.ended(), /^watchdog /);
      // When Bun stops blaming itself for a SIGABRT, the README's WatchdogSignal= advice for Bun can go.
      assert.match(readFileSync(log, "utf8"), /Bun has crashed\. This indicates a bug in Bun/);
    });
  });
}
