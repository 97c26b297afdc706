// Picks this runtime's backend. libc opens on first use only: importing needs no FFI permission and loads no FFI.

import type { Libc } from "../src/libc.ts";
import { NotifyError } from "../src/error.ts";
import { runtime as bun } from "./bun.ts";
import { runtime as deno } from "./deno.ts";
import { openLibc } from "./libc_symbols.ts";
import { nodeProcess } from "./node_process.ts";
import { runtime as node } from "./node.ts";
import type { Ffi, Runtime } from "./types.ts";

function unsupported(what: string, advice = ""): never {
  throw new NotifyError("ENOSYS", `Cannot ${what}: this runtime is not Deno, Bun or Node.js${advice}`);
}

const unknown: Runtime = {
  ffi: {
    os: "unknown",
    arch: "unknown",
    open: () => unsupported("send notification", ", and sd_notify needs one of their FFIs"),
    readInt32: () => unsupported("read memory through FFI"),
    addressOf: () => unsupported("take an address through FFI"),
    pointerTo: () => unsupported("take an address through FFI"),
  },
  environment: () => unsupported("read the environment", "; pass the `env` option"),
  pid: () => unsupported("tell this process's id", "; pass the `pid` option"),
  unref: () => {},
  onSignal: () => unsupported("listen for signals"),
  ffiClockIsFaster: false,
  startThread: () => unsupported("start a helper thread"),
  isMainThread: () => true,
  openThreadLibc: () => unsupported("open libc in a helper thread"),
};

function detect(): Runtime {
  // Bun first (it also defines `process`), then Deno (whose `process` is its Node.js compatibility layer).
  if ("Bun" in globalThis) return bun;
  if ("Deno" in globalThis) return deno;
  if (nodeProcess()?.versions?.node !== undefined) return node;
  return unknown;
}

/**
 * This runtime's backend.
 *
 * @example
 * ```ts
 * import { runtime } from "./runtime.ts";
 *
 * const inMainThread = runtime.isMainThread();
 * ```
 */
export const runtime: Runtime = detect();

/** This runtime's FFI; nothing is loaded until a library is opened. */
export const ffi: Ffi = runtime.ffi;

let libc: Libc | undefined;

/**
 * libc through this runtime's FFI, opened on the first call.
 * @throws {NotifyError} When FFI is not permitted or the platform is unsupported.
 *
 * @example
 * ```ts
 * import { loadLibc } from "./runtime.ts";
 *
 * const libc = loadLibc();
 * ```
 */
export function loadLibc(): Libc {
  return libc ??= openLibc(ffi);
}
