/**
 * Issue 21, case 1: a service manager that stops reading its notify socket while services flood it with
 * status lines, for long enough that their watchdog deadlines pass, and then resumes. A ping must reach the
 * socket before the manager has drained it: systemd's watchdog timer has idle priority, so it fires as soon
 * as nothing else is left to read. A C service using libsystemd's blocking sd_notify() is the reference, in
 * the same manager and the same trials as this runtime's daemon; a C control whose pings stop with the
 * manager shows that each trial's deadlines did pass during the pause.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { monotonicUsec } from "../../mod.ts";
import { skipUnless } from "../support/ci.ts";
import { runtime, sleep, type StartedUnit, startUnit } from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";
import { UserManager } from "./user_manager.ts";

const TRIALS = 4;
const WATCHDOG_SEC = 4;
// SIGKILL: a unit the watchdog kills leaves no core dump, and Bun no crash report of its own.
const WATCHDOG = [`WatchdogSec=${WATCHDOG_SEC}`, "WatchdogSignal=SIGKILL"];
// A deadline is the last ping the manager took plus WatchdogSec, and the watchdog timer fires up to 250 ms
// after it (sd-event's default accuracy); that last ping may even enter the socket just after the stop, in
// the ~0.1 s before the flood fills it. A pause of WatchdogSec + 1 s outlasts every unit's deadline, whatever
// the phase of its pings. The 3.5 s outlasts it only if the last ping came 0.5 to 0.75 s (the slack)
// before the stop and the next one after the socket filled: a few tenths of each second for a service that
// pings every second, and possibly no moment at all for two of them at unrelated phases.
const PAUSE_MS = 5_000;
const RUN_IN_MS = 1_200;
/** How long after the resume the units must still be running. */
const SETTLE_MS = 2_000;

const source = fileURLToPath(new URL("./flood_service.c", import.meta.url));

/** What one trial saw: "survived", or how the unit ended. */
interface Trial {
  reference: string;
  ours: string;
  oursStderr: string;
  control: {
    ended: string;
    /** From the control's last ping to the stop, and from its deadline to the resume. */
    lastPingBeforeStopMs: number;
    deadlineBeforeResumeMs: number;
    endedWhileStopped: boolean;
    /** How long after the resume its end was seen. */
    endedAfterResumeMs: number;
  };
}

function missing(): string | undefined {
  if (process.platform !== "linux") return `needs Linux, not ${process.platform}`;
  if (spawnSync("unshare", ["-n", "true"]).status !== 0) return "unshare -n fails here (needs root and util-linux)";
  if (spawnSync("gcc", ["--version"]).status !== 0) return "gcc is not installed";
  return undefined;
}

function compile(directory: string): string {
  const binary = `${directory}/flood_service`;
  const gcc = spawnSync("gcc", ["-O2", "-o", binary, source, "-l:libsystemd.so.0"], { encoding: "utf8" });
  if (gcc.status !== 0) throw new Error(`gcc could not build ${source}: ${gcc.stderr}`);
  return binary;
}

/** What the units of `manager` read as net.unix.max_dgram_qlen. */
async function unitQueueLength(manager: UserManager): Promise<string> {
  const output = `${manager.runtimeDir}/qlen`;
  const unit = `sdw-${runtime}-qlen-${process.pid}.service`;
  const command = ["/bin/cat", "/proc/sys/net/unix/max_dgram_qlen"];
  const ran = await manager.runUnit(unit, ["Type=oneshot", `StandardOutput=file:${output}`], {}, command);
  assert.equal(ran.code, 0, ran.stderr);
  return readFileSync(output, "utf8").trim();
}

/** "survived" when the unit is still active, else how it ended (no Restart=: a unit that ended stays so). */
async function fate(manager: UserManager, unit: StartedUnit): Promise<string> {
  const shown = await manager.show(unit.unit, ["ActiveState", "Result"]);
  if (shown.ActiveState === "active" && shown.Result === "success") return "survived";
  return existsSync(unit.endFile) ? readFileSync(unit.endFile, "utf8").trim() : JSON.stringify(shown);
}

// One systemctl call at a time: the manager sends every client on its private bus a signal for each status
// line, and concurrent calls during the flood took seconds (once D-Bus's 25 s timeout).
async function trial(manager: UserManager, service: string, number: number): Promise<Trial> {
  const log = `${manager.runtimeDir}/flood-${runtime}-${number}.log`;
  await using reference = await startUnit(manager, "c-reference", WATCHDOG, { command: [service] });
  // Without status lines of its own: they would keep the socket busy longer after the resume.
  await using control = await startUnit(manager, "c-control", WATCHDOG, { command: [service, "control"] });
  await using ours = await startUnit(manager, "flood", [...WATCHDOG, `StandardError=file:${log}`]);
  for (const { unit, started } of [reference, control, ours]) {
    assert.equal(started.code, 0, `${unit} did not start: ${started.stderr}`);
  }
  const { MainPID } = await manager.show(control.unit, ["MainPID"]);
  assert.match(MainPID ?? "", /^[1-9]\d*$/, `no main process for ${control.unit}`);
  await sleep(RUN_IN_MS);

  process.kill(Number(MainPID), "SIGUSR1"); // the control pings no more
  // Asked after the signal: the manager reads its notify socket before its bus, so no ping is still on the way.
  const lastPing = await manager.show(control.unit, ["ActiveState", "WatchdogTimestampMonotonic"]);
  assert.equal(lastPing.ActiveState, "active", "the control died before the stop");
  assert.match(lastPing.WatchdogTimestampMonotonic ?? "", /^[1-9]\d*$/, "the manager saw no ping from the control");
  const stoppedAt = monotonicUsec();
  const endedWhileStopped = await manager.paused(async () => {
    await sleep(PAUSE_MS);
    return existsSync(control.endFile);
  });
  const resumedAt = monotonicUsec();
  const resumed = performance.now();
  const controlEnded = await control.ended(SETTLE_MS).catch(() => "still running");
  const endedAfterResumeMs = Math.round(performance.now() - resumed);
  await sleep(resumed + SETTLE_MS - performance.now());

  const lastPingAt = BigInt(lastPing.WatchdogTimestampMonotonic);
  return {
    reference: await fate(manager, reference),
    ours: await fate(manager, ours),
    oursStderr: readFileSync(log, "utf8"),
    control: {
      ended: controlEnded,
      lastPingBeforeStopMs: Number(stoppedAt - lastPingAt) / 1000,
      deadlineBeforeResumeMs: Number(resumedAt - lastPingAt) / 1000 - WATCHDOG_SEC * 1000,
      endedWhileStopped,
      endedAfterResumeMs,
    },
  };
}

const absent = missing();
const title = `a manager stopped for ${PAUSE_MS / 1000} s during a status flood (${runtime} daemons)`;

if (absent !== undefined) describe(title, { skip: skipUnless(false, absent) }, () => {});
else {
  describeUnderEachSystemd(title, (systemd) => {
    let queueLength: string;
    const trials: Trial[] = [];

    before(async () => {
      queueLength = await unitQueueLength(systemd.manager);
      const service = compile(systemd.manager.runtimeDir);
      for (let number = 1; number <= TRIALS; number++) trials.push(await trial(systemd.manager, service, number));
    });

    it("its units see systemd's net.unix.max_dgram_qlen=512, not the host's", () => {
      assert.equal(queueLength, "512");
    });

    it("the control, whose pings stop with the manager, has its deadline pass during the pause and is killed at the resume", () => {
      for (const { control } of trials) {
        const seen = JSON.stringify(control);
        assert.ok(control.deadlineBeforeResumeMs > 0, `its deadline came after the resume: ${seen}`);
        assert.equal(control.endedWhileStopped, false, `killed while the manager was stopped: ${seen}`);
        assert.match(control.ended, /^watchdog /, seen);
      }
    });

    it("the C reference, pinging with libsystemd's blocking sd_notify(), survives every trial", () => {
      const survived = trials.filter((trial) => trial.reference === "survived").length;
      const seen = JSON.stringify(trials.map((trial) => trial.reference));
      assert.equal(survived, TRIALS, `survived ${survived} of ${TRIALS}: ${seen}`);
    });

    it(`our ${runtime} daemon, pinging as the README says, survives every trial, as the C reference does`, () => {
      const survived = trials.filter((trial) => trial.ours === "survived").length;
      const seen = JSON.stringify(trials.map(({ reference, ours, oursStderr }) => ({ reference, ours, oursStderr })));
      assert.equal(survived, TRIALS, `survived ${survived} of ${TRIALS}: ${seen}`);
    });

    it(`our ${runtime} daemon reports nothing on stderr through the flood and the stall`, () => {
      assert.deepEqual(trials.map((trial) => trial.oursStderr), trials.map(() => ""));
    });
  }, (install) => UserManager.start(install, { ownNetworkNamespace: true }));
}
