/**
 * The FFI backend on `bun:ffi`. It reaches `bun:ffi` through Bun's
 * `import.meta.require`, so that Deno can type-check and publish this file
 * without knowing the `bun:` scheme; Deno never runs it.
 *
 * @module
 */

import { NotifyError } from "../src/error.ts";
import type { Ffi, Symbols, SymbolTable } from "./types.ts";

/** The part of `bun:ffi` this backend uses. */
interface BunFfi {
  dlopen(name: string, symbols: Record<string, { args: readonly string[]; returns: string }>): { symbols: unknown };
  ptr(buffer: Uint8Array): number;
  read: { i32(pointer: number, offset: number): number };
}

const { process } = globalThis as unknown as { process: { platform: string; arch: string } };
const ARCH_NAMES: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };
let bunFfi: BunFfi | undefined;

function load(): BunFfi {
  return bunFfi ??= (import.meta as unknown as { require(id: string): BunFfi }).require("bun:ffi");
}

/** Bun's FFI. */
export const ffi: Ffi = {
  os: process.platform,
  arch: ARCH_NAMES[process.arch] ?? process.arch,
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S> {
    const table: Record<string, { args: readonly string[]; returns: string }> = {};
    for (const [name, { parameters, result }] of Object.entries(symbols)) {
      table[name] = { args: parameters, returns: result };
    }
    let lastError: unknown;
    for (const name of names) {
      try {
        return load().dlopen(name, table).symbols as Symbols<S>;
      } catch (error) {
        lastError = error;
      }
    }
    throw new NotifyError("ENOSYS", `Cannot load any of ${names.join(", ")}`, { cause: lastError });
  },
  readInt32: (pointer) => load().read.i32(pointer as number, 0),
  addressOf: (buffer) => BigInt(load().ptr(buffer)),
};
