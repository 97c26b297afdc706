/**
 * The FFI backend on `Deno.dlopen`.
 *
 * @module
 */

import { NotifyError } from "../src/error.ts";
import type { Ffi, Symbols, SymbolTable } from "./types.ts";

function isNotCapable(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}

/** Deno's FFI. */
export const ffi: Ffi = {
  os: Deno.build.os,
  arch: Deno.build.arch,
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S> {
    let lastError: unknown;
    for (const name of names) {
      try {
        return Deno.dlopen(name, symbols as unknown as Deno.ForeignLibraryInterface).symbols as Symbols<S>;
      } catch (error) {
        if (isNotCapable(error)) {
          throw new NotifyError(
            "EPERM",
            `Cannot send notification: Deno needs FFI access to call ${name}; ` +
              "run with --allow-ffi (and --allow-env)",
          ); // no cause: Deno's own message says the same, with a stack from inside its FFI layer
        }
        lastError = error;
      }
    }
    throw new NotifyError("ENOSYS", `Cannot load any of ${names.join(", ")}`, { cause: lastError });
  },
  readInt32: (pointer) => new Deno.UnsafePointerView(pointer as Deno.PointerObject).getInt32(),
  addressOf: (buffer) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer as Uint8Array<ArrayBuffer>))),
};
