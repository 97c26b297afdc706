/**
 * A private systemd user manager for one test run, and the systemctl and
 * systemd-run calls the end-to-end tests make against it.
 *
 * @module
 */

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { type Finished, run } from "../support/spawn.ts";
import type { SystemdInstall } from "./systemd_installs.ts";

// systemd takes this directory as the sign that it runs as the service manager. The suite creates it if
// it is missing, and removes it again when the last manager it started stops, so that sd_booted() on a
// host whose PID 1 is not systemd says afterwards what it said before.
const BOOTED = "/run/systemd/system";
let createdBooted = false;
let running = 0;

// systemd sets net.unix.max_dgram_qlen=512 at boot (sysctl.d/50-default.conf); a container keeps the kernel's
// default (10 here). The value is per network namespace and a socket takes it when created, so a manager in a
// namespace of its own gets systemd's notify queue, while the path sockets its clients use still reach it.
// exec keeps the pid: SIGSTOP and SIGCONT reach the manager itself.
const OWN_NETWORK_NAMESPACE = [
  "unshare",
  "-n",
  "sh",
  "-c",
  'echo 512 > /proc/sys/net/unix/max_dgram_qlen && exec "$@"',
  "sh",
];

/** Options of {@linkcode UserManager.start}. */
export interface UserManagerOptions {
  /** Runs the manager in a network namespace of its own, with systemd's queue length of 512 (needs root). */
  ownNetworkNamespace?: boolean;
}

/** A running `systemd --user`, private to this test run. */
export class UserManager {
  readonly pid: number;
  readonly runtimeDir: string;
  /** The systemd it runs. */
  readonly install: SystemdInstall;

  private constructor(pid: number, runtimeDir: string, install: SystemdInstall) {
    this.pid = pid;
    this.runtimeDir = runtimeDir;
    this.install = install;
  }

  /** Starts a manager with a fresh XDG_RUNTIME_DIR and waits until it is running. */
  static async start(install: SystemdInstall, options: UserManagerOptions = {}): Promise<UserManager> {
    if (!existsSync(BOOTED)) {
      mkdirSync(BOOTED, { recursive: true });
      createdBooted = true;
    }
    running++;
    const runtimeDir = mkdtempSync(join(tmpdir(), "sdw-e2e-")); // mode 700
    const [command, ...args] = options.ownNetworkNamespace
      ? [...OWN_NETWORK_NAMESPACE, ...install.manager]
      : install.manager;
    const child = spawn(command, args, {
      detached: true, // its own session, like setsid
      stdio: "ignore",
      // Without NODE_TEST_CONTEXT (`node --test`'s): the manager would hand it to every unit.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, XDG_RUNTIME_DIR: runtimeDir, DBUS_SESSION_BUS_ADDRESS: "" },
    });
    child.unref();
    const manager = new UserManager(child.pid!, runtimeDir, install);
    const deadline = performance.now() + 30_000;
    for (;;) {
      const { stdout } = await manager.systemctl("is-system-running");
      // "degraded": some unit of the default target failed; ours can run.
      if (stdout.trim() === "running" || stdout.trim() === "degraded") {
        // The manager says which systemd it is: the one asked for, not whatever a path found.
        const { Version } = await manager.show("", ["Version"]);
        if (!Version?.startsWith(`${install.version}`)) {
          await manager.stop();
          throw new Error(`${install.label} was asked for, but the manager reports Version=${Version}`);
        }
        return manager;
      }
      if (performance.now() > deadline) {
        await manager.stop();
        throw new Error(`systemd --user did not start within 30 s (state: ${stdout.trim()})`);
      }
      await sleep(100);
    }
  }

  /** The environment systemctl and systemd-run need to reach this manager. */
  get env(): Record<string, string | undefined> {
    return { ...this.install.env, XDG_RUNTIME_DIR: this.runtimeDir, DBUS_SESSION_BUS_ADDRESS: undefined };
  }

  /** Runs `systemctl --user ARGS`. */
  systemctl(...args: string[]): Promise<Finished> {
    return run(this.install.systemctl, ["--user", ...args], this.env);
  }

  /**
   * Runs `systemd-run --user --unit=UNIT -p PROPERTY... -E VAR... COMMAND...`: for Type=notify, it
   * returns once the unit has started (or failed to), or at once with `noBlock`.
   */
  runUnit(
    unit: string,
    properties: string[],
    environment: Record<string, string>,
    command: string[],
    options: { noBlock?: boolean } = {},
  ): Promise<Finished> {
    const args = ["--user", `--unit=${unit}`, "--collect", ...properties.map((p) => `--property=${p}`)];
    if (options.noBlock) args.push("--no-block");
    for (const [name, value] of Object.entries(environment)) args.push(`--setenv=${name}=${value}`);
    return run(this.install.systemdRun, [...args, "--", ...command], this.env);
  }

  /** `systemctl --user show UNIT -p ...` as an object; with `""`, the manager's own properties. */
  async show(unit: string, properties: readonly string[] = UNIT_PROPERTIES): Promise<Record<string, string>> {
    const which = unit === "" ? [] : [unit]; // "": the manager itself
    const { stdout } = await this.systemctl("show", ...which, `--property=${properties.join(",")}`);
    const shown: Record<string, string> = {};
    for (const line of stdout.split("\n")) {
      const equals = line.indexOf("=");
      if (equals > 0) shown[line.slice(0, equals)] = line.slice(equals + 1);
    }
    return shown;
  }

  /** Polls `show` until `done` holds, or fails with the last state seen after `timeoutMs`. */
  async waitFor(
    unit: string,
    done: (shown: Record<string, string>) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, string>> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const shown = await this.show(unit);
      if (done(shown)) return shown;
      if (performance.now() > deadline) {
        throw new Error(`${unit} did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(shown)}`);
      }
      await sleep(50);
    }
  }

  /** Stops a unit (if still there) and forgets its failure. */
  async cleanUp(unit: string): Promise<void> {
    await this.systemctl("stop", unit);
    await this.systemctl("reset-failed", unit);
  }

  /**
   * Stops the manager's process with SIGSTOP, as a service manager too busy to read its notify socket,
   * runs `whilePaused` (which must not call systemctl: nobody would answer), and continues it.
   */
  async paused<T>(whilePaused: () => Promise<T>): Promise<T> {
    process.kill(this.pid, "SIGSTOP");
    try {
      return await whilePaused();
    } finally {
      process.kill(this.pid, "SIGCONT");
    }
  }

  /** SIGTERM to the manager; waits for it to exit, then removes its runtime directory. */
  async stop(): Promise<void> {
    try {
      process.kill(this.pid, "SIGCONT"); // in case a failed test left it stopped
      process.kill(this.pid, "SIGTERM");
    } catch { /* already gone */ }
    const deadline = performance.now() + 10_000;
    while (isAlive(this.pid) && performance.now() < deadline) await sleep(50);
    if (isAlive(this.pid)) process.kill(this.pid, "SIGKILL");
    rmSync(this.runtimeDir, { recursive: true, force: true });
    if (--running === 0 && createdBooted) {
      rmSync(BOOTED, { recursive: true, force: true });
      createdBooted = false;
    }
  }
}

/** The properties the tests read. */
export const UNIT_PROPERTIES = [
  "ActiveState",
  "SubState",
  "Result",
  "StatusText",
  "StatusErrno",
  "MainPID",
  "NotifyAccess",
] as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
