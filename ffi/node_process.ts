// The process global Bun and Node.js share, typed for what this package reads; looked up when used, so that this
// file also loads on Deno.

import { NotifyError } from "../src/error.ts";
import type { HelperThread } from "./types.ts";

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

/**
 * The `process` global, when there is one.
 *
 * @example
 * ```ts
 * import { nodeProcess } from "./node_process.ts";
 *
 * const pid = nodeProcess()?.pid;
 * ```
 */
export function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/**
 * Linux's name for the CPU of `process.arch`.
 *
 * @example
 * ```ts
 * import { linuxArch } from "./node_process.ts";
 *
 * linuxArch("x64"); // "x86_64"
 * ```
 */
export function linuxArch(processArch: string): string {
  return ({ x64: "x86_64", arm64: "aarch64" } as Record<string, string>)[processArch] ?? processArch;
}

/**
 * Whether this is the main thread rather than a Worker (`node:worker_threads`' `isMainThread`).
 *
 * @example
 * ```ts
 * import { isMainThread } from "./node_process.ts";
 *
 * isMainThread(); // true, unless called in a Worker
 * ```
 */
export function isMainThread(): boolean {
  const threads = nodeProcess()?.getBuiltinModule?.("node:worker_threads") as { isMainThread?: boolean } | undefined;
  return threads?.isMainThread !== false;
}

/**
 * Calls `listener` on each `signal` through `process.on()`, until the returned function is called. Signals reach only
 * the main thread on Node.js and Bun: in a Worker, where the listener would never be called (and the signal would still
 * end the process), it is refused.
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
  if (!isMainThread()) {
    throw new NotifyError(
      "EOPNOTSUPP",
      `Cannot listen for ${signal}: signals reach only the main thread on Node.js and Bun, and this is a Worker; ` +
        "call it on the main thread (and pass the reload to the Worker with postMessage)",
    );
  }
  nodeProcess()!.on(signal, listener);
  return () => void nodeProcess()!.off(signal, listener);
}

/** The part of `node:worker_threads` {@linkcode startWorkerThread} uses. */
interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => {
    on(event: "message" | "error", listener: (value: unknown) => void): void;
    postMessage(message: unknown): void;
    unref(): void;
  };
}

/**
 * Starts a `node:worker_threads` Worker from source, as Deno, Bun and Node.js all can: `main` is a function's source,
 * called with its data, a way to post back, and a way to hear that it is closed. The Worker never keeps the process
 * alive; an error in it goes to `onError`, never to the process.
 * @throws {NotifyError} `EPERM` when Node.js's permission model forbids Workers.
 *
 * @example
 * ```ts ignore
 * import { startWorkerThread } from "./node_process.ts";
 *
 * const thread = startWorkerThread("(thread) => thread.post(thread.data * 2)", 21, console.log, console.error);
 * thread.close();
 * ```
 */
export function startWorkerThread(
  main: string,
  data: unknown,
  onMessage: (message: unknown) => void,
  onError: (error: unknown) => void,
): HelperThread {
  const threads = nodeProcess()!.getBuiltinModule!("node:worker_threads") as WorkerThreads;
  // __name: the helper that a bundler keeping names (esbuild's keepNames, in a service's own build) calls in the
  // functions `main` is made of.
  const source = `"use strict";
const __name = (target) => target;
const { workerData, parentPort } = process.getBuiltinModule("node:worker_threads");
const closers = [];
parentPort.on("message", () => {
  for (const close of closers) close();
  if (typeof parentPort.close === "function") parentPort.close(); else globalThis.close(); // Deno's has no close()
});
(${main})({ data: workerData, post: (message) => parentPort.postMessage(message), onClose: (close) => closers.push(close) });
`;
  let worker;
  try {
    worker = new threads.Worker(source, { eval: true, workerData: data });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== "ERR_ACCESS_DENIED") throw error;
    throw new NotifyError(
      "EPERM",
      "Cannot report stalls: Node.js runs with --permission, which forbids Workers (the helper thread); add --allow-worker",
    );
  }
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.unref(); // after the listeners: adding a "message" listener refs the Worker again on Node.js
  return { close: () => worker.postMessage("close") };
}
