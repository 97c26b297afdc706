/**
 * Starting the test daemon (or any script) as a unit of a private user manager, and watching it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runtimeExecutable, runtimeName } from "../support/spawn.ts";
import type { UserManager } from "./user_manager.ts";

/** Each runner drives daemons on its own runtime: `deno test` runs Deno daemons, `bun test` Bun ones, `node --test` Node.js ones. */
export const runtime: "bun" | "deno" | "node" = runtimeName;
/** The test daemon's path. */
export const daemon: string = fileURLToPath(new URL("./daemon.ts", import.meta.url));
const denoPermissions = [
  "--allow-env",
  "--allow-ffi",
  "--allow-run=sh",
  "--allow-read=/proc",
  "--allow-write=/tmp",
  "--allow-net",
];

/**
 * The command that runs `script` on this runtime, with `denoFlags` on Deno, and on Node.js as the README
 * runs services: without node:ffi's ExperimentalWarning.
 */
export function scriptCommand(script: string, denoFlags: string[]): string[] {
  return {
    bun: [runtimeExecutable, script],
    deno: [runtimeExecutable, "run", ...denoFlags, script],
    node: [runtimeExecutable, "--disable-warning=ExperimentalWarning", script],
  }[runtime];
}

/** The command that runs the test daemon (tests/e2e/daemon.ts). */
export const daemonCommand = (permissions: string[] = denoPermissions): string[] => scriptCommand(daemon, permissions);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The text of `path` once it exists (and is not empty), polled without systemctl. */
export async function fileWhenWritten(path: string, timeoutMs = 15_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const text = readFileSync(path, "utf8").trim();
      if (text !== "") return text;
    } catch { /* not yet */ }
    if (performance.now() > deadline) throw new Error(`${path} was not written within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The text `url` answers, retried while nothing listens there yet (a unit that does not wait for READY=1). */
export async function fetchText(url: string, timeoutMs = 10_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      return await response.text();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

let count = 0;

/** A started unit; `ended()` reads how it ended (written by ExecStopPost). Disposing stops and forgets it. */
export interface StartedUnit extends AsyncDisposable {
  unit: string;
  /** The file ExecStopPost writes, read without asking the manager (which may be stopped). */
  endFile: string;
  started: { code: number | null; stdout: string; stderr: string };
  ended(timeoutMs?: number): Promise<string>;
}

/**
 * Starts `command` (by default the test daemon running `scenario`) as a Type=notify unit. systemd-run
 * returns once READY=1 arrived (or the start failed), or at once with `noBlock`.
 */
export async function startUnit(
  manager: UserManager,
  scenario: string,
  properties: string[],
  options: { command?: string[]; env?: Record<string, string>; noBlock?: boolean } = {},
): Promise<StartedUnit> {
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
    { noBlock: options.noBlock },
  );
  return {
    unit,
    endFile,
    started,
    ended: (timeoutMs = 15_000) =>
      fileWhenWritten(endFile, timeoutMs).catch(() => {
        throw new Error(`${unit} did not end within ${timeoutMs} ms`);
      }),
    [Symbol.asyncDispose]: () => manager.cleanUp(unit).then(() => rmSync(endFile, { force: true })),
  };
}

/** Asserts that the unit stays active, with the same main process, for `ms`. */
export async function staysActive(manager: UserManager, unit: string, ms: number): Promise<void> {
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
