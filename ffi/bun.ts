// The Bun backend. It reaches bun:ffi through import.meta.require, so that Deno can type-check and publish it.

import type { ThreadLibc } from "../src/stall_watch.ts";
import { isMainThread, linuxArch, nodeProcess, onProcessSignal, startWorkerThread } from "./node_process.ts";
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
  pointerTo: (buffer) => load().ptr(buffer),
};

/** libc (`name`) in a helper thread, through `bun:ffi` (its source is copied there: no outside references). */
function openThreadLibc(name: string): ThreadLibc {
  const { dlopen } = (globalThis as unknown as { process: { getBuiltinModule(id: string): BunFfi } }).process
    .getBuiltinModule("bun:ffi");
  const table = {
    socket: { args: ["i32", "i32", "i32"], returns: "i32" },
    sendto: { args: ["i32", "buffer", "u64", "i32", "buffer", "u32"], returns: "i64" },
    write: { args: ["i32", "buffer", "u64"], returns: "i64" },
    close: { args: ["i32"], returns: "i32" },
  };
  // deno-lint-ignore no-explicit-any
  const c = dlopen(name, table).symbols as any;
  return {
    socket: (domain, type, protocol) => c.socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) => Number(c.sendto(fd, bytes, bytes.length, flags, address, address.length)),
    write: (fd, bytes) => Number(c.write(fd, bytes, bytes.length)),
    close: (fd) => c.close(fd),
  };
}

/**
 * Bun.
 *
 * @example
 * ```ts
 * import { runtime } from "./bun.ts";
 *
 * if ("Bun" in globalThis) console.log(runtime.pid());
 * ```
 */
export const runtime: Runtime = {
  ffi,
  environment: () => (globalThis as unknown as { Bun: { env: Record<string, string | undefined> } }).Bun.env,
  pid: () => nodeProcess()!.pid,
  unref: (timer) => (timer as { unref(): void }).unref(),
  onSignal: onProcessSignal,
  ffiClockIsFaster: false, // ~40 ns against ~45 ns: not worth opening libc for
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc,
};
