import { spawn } from "node:child_process";
import process from "node:process";

/** What a child process printed, and how it ended. */
export interface Finished {
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** This runtime's own executable, so a child runs on the same runtime as the test. */
export const runtimeExecutable: string = process.execPath;
/** The runtime the tests run on. */
export const runtimeName: "deno" | "bun" | "node" = "Bun" in globalThis
  ? "bun"
  : "Deno" in globalThis
  ? "deno"
  : "node";
/**
 * Arguments that make this runtime run a script with every permission; on Node.js, without the
 * ExperimentalWarning that loading node:ffi prints (tests/node.test.ts checks when it comes).
 */
export const runScriptArgs: string[] =
  { deno: ["run", "-A"], bun: [], node: ["--disable-warning=ExperimentalWarning"] }[
    runtimeName
  ];

/** Changes to this process's environment for a child: a value of `undefined` removes the variable. */
export type EnvChanges = Record<string, string | undefined>;

function childEnv(changes: EnvChanges = {}): Record<string, string> {
  // NODE_TEST_CONTEXT: set by `node --test` in its test files; a `node --test` child that inherited it would
  // report to this process's runner instead of its own output, and exit 0 whatever happened.
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_TEST_CONTEXT: undefined,
    ...changes,
    NO_COLOR: "1",
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

// Under emulation (tests/aarch64.test.ts sets SDW_EMULATOR), this runtime's own executable is for another
// architecture: a child of it is started through the emulator too, with no binfmt_misc handler needed.
const emulator = process.env.SDW_EMULATOR?.split(" ").filter(Boolean) ?? [];

/** Spawns a command; `started` resolves once its stdout has printed `readyLine`. */
export function start(command: string, args: string[], options: { env?: EnvChanges; readyLine?: string } = {}) {
  if (command === runtimeExecutable && emulator.length > 0) {
    [command, args] = [emulator[0], [...emulator.slice(1), command, ...args]];
  }
  const child = spawn(command, args, { env: childEnv(options.env) });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (options.readyLine === undefined || stdout.includes(options.readyLine + "\n")) resolve();
    });
    child.on("exit", () => reject(new Error(`exited before it was ready: ${stderr}`)));
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  started.catch(() => {}); // a child that exits early is reported through `finished`
  return { child, started, finished };
}

/** Runs a command to its end; one still running after `timeoutMs` is killed, and says so on stderr. */
export function run(command: string, args: string[], env: EnvChanges = {}, timeoutMs = 60_000): Promise<Finished> {
  const { child, finished } = start(command, args, { env });
  let killed = false;
  const timer = setTimeout(() => (killed = child.kill("SIGKILL")), timeoutMs);
  return finished.then((result) => {
    clearTimeout(timer);
    if (killed) result.stderr += `\n(killed: still running after ${timeoutMs} ms)`;
    return result;
  });
}
