/**
 * The Bun backend: `bun:ffi`, `Bun.env`, `process`, and timers' `unref()`. It
 * reaches `bun:ffi` through Bun's `import.meta.require`, so that Deno can
 * type-check and publish this file without knowing the `bun:` scheme; no other
 * runtime runs it.
 *
 * @module
 */

import { recordEnvironment } from "../src/record_environment.ts";
import { linuxArch, nodeProcess, onProcessSignal } from "./node_process.ts";
import { openFirst } from "./open_first.ts";
import type { Ffi, Runtime, Symbols, SymbolTable } from "./types.ts";

/** The part of `bun:ffi` this backend uses. */
interface BunFfi {
  dlopen(name: string, symbols: Record<string, { args: readonly string[]; returns: string }>): { symbols: unknown };
  ptr(buffer: Uint8Array): number;
  read: { i32(pointer: number, offset: number): number };
}

let bunFfi: BunFfi | undefined;

function load(): BunFfi {
  return bunFfi ??= (import.meta as unknown as { require(id: string): BunFfi }).require("bun:ffi");
}

const ffi: Ffi = {
  get os() {
    return nodeProcess()!.platform;
  },
  get arch() {
    return linuxArch(nodeProcess()!.arch);
  },
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S> {
    const table: Record<string, { args: readonly string[]; returns: string }> = {};
    for (const [name, { parameters, result }] of Object.entries(symbols)) {
      table[name] = { args: parameters, returns: result };
    }
    return openFirst(names, (name) => load().dlopen(name, table).symbols as Symbols<S>);
  },
  readInt32: (pointer) => load().read.i32(pointer as number, 0),
  addressOf: (buffer) => BigInt(load().ptr(buffer)),
};

/**
 * Bun.
 *
 * @example
 * ```ts
 * import { runtime } from "./bun.ts";
 *
 * if ("Bun" in globalThis) runtime.environment().get("NOTIFY_SOCKET");
 * ```
 */
export const runtime: Runtime = {
  name: "Bun",
  ffi,
  environment: () => recordEnvironment((globalThis as unknown as { Bun: { env: Record<string, string> } }).Bun.env),
  pid: () => nodeProcess()!.pid,
  unref: (timer) => (timer as { unref(): void }).unref(),
  onSignal: onProcessSignal,
  ffiClockIsFaster: true, // ~37 ns against ~40 ns
};
