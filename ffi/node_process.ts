/**
 * The `process` global that Bun and Node.js share, typed for the little this
 * package reads from it. Looked up when used: this file also loads on Deno.
 *
 * @module
 */

import { NotifyError } from "../src/error.ts";

/** The part of `process` the Bun and Node.js backends use. */
export interface NodeProcess {
  readonly platform: string;
  readonly arch: string;
  readonly pid: number;
  readonly env: Record<string, string | undefined>;
  readonly versions: Record<string, string | undefined>;
  /** Node.js 22.3 and later. */
  getBuiltinModule?(id: string): unknown;
  /** The flags this Node.js takes in `NODE_OPTIONS` (those that came with node:ffi among them). */
  allowedNodeEnvironmentFlags?: ReadonlySet<string>;
  /** Node.js's permission model, when it is on (`--permission`). */
  permission?: { has(scope: string): boolean };
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/** The `process` global, when there is one. */
export function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/** Linux's name for the CPU of `process.arch`. */
export function linuxArch(processArch: string): string {
  return ({ x64: "x86_64", arm64: "aarch64" } as Record<string, string>)[processArch] ?? processArch;
}

/**
 * Calls `listener` on each `signal` through `process.on()`, until the returned function is called.
 * Signals reach only the main thread on Node.js and Bun: in a Worker, where the listener would never
 * be called (and the signal would still end the process), it is refused.
 *
 * @throws {NotifyError} `EOPNOTSUPP` in a Worker.
 *
 * @example
 * ```ts
 * import { onProcessSignal } from "./node_process.ts";
 *
 * const stop = onProcessSignal("SIGHUP", () => console.log("reload"));
 * stop();
 * ```
 */
export function onProcessSignal(signal: string, listener: () => void): () => void {
  const threads = nodeProcess()!.getBuiltinModule?.("node:worker_threads") as { isMainThread: boolean } | undefined;
  if (threads?.isMainThread === false) {
    throw new NotifyError(
      "EOPNOTSUPP",
      `Cannot listen for ${signal}: signals reach only the main thread on Node.js and Bun, and this is a Worker; ` +
        "call it on the main thread (and pass the reload to the Worker with postMessage)",
    );
  }
  nodeProcess()!.on(signal, listener);
  return () => void nodeProcess()!.off(signal, listener);
}
