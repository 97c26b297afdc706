/**
 * The runtime-detection shim: picks the FFI backend, and opens libc on first
 * use only, so that importing this package needs no FFI permission.
 *
 * @module
 */

import type { Libc } from "../src/libc.ts";
import { openLibc } from "./libc.ts";
import type { Ffi } from "./types.ts";

// Bun first: Deno never loads the Bun backend, and Bun never runs Deno's.
/** This runtime's FFI backend; nothing is loaded until a library is opened. */
export const ffi: Ffi = "Bun" in globalThis ? (await import("./bun.ts")).ffi : (await import("./deno.ts")).ffi;

let libc: Libc | undefined;

/**
 * libc through this runtime's FFI, opened on the first call.
 *
 * @throws {NotifyError} When FFI is not permitted or the platform is unsupported.
 */
export function loadLibc(): Libc {
  return libc ??= openLibc(ffi);
}
