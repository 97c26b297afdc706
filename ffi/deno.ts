// The Deno backend. Deno is looked up when used, so that this file loads on any runtime.

import { NotifyError } from "../src/error.ts";
import type { Environment } from "../src/environment.ts";
import type { ThreadLibc } from "../src/stall_watch.ts";
import { isMainThread, startWorkerThread } from "./node_process.ts";
import { openFirst } from "./open_first.ts";
import type { Ffi, Runtime, Symbols, SymbolTable } from "./types.ts";

/** Deno 2's NotCapable, or Deno 1's PermissionDenied. */
function isNotCapable(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}

function envPermissionError(name: string): NotifyError {
  return new NotifyError(
    "EPERM",
    `Cannot read ${name}: Deno needs permission to read the environment; ` +
      `run with --allow-env (or --allow-env=NOTIFY_SOCKET,WATCHDOG_USEC,WATCHDOG_PID)`,
  );
}

function withEnvPermission<T>(name: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw isNotCapable(error) ? envPermissionError(name) : error;
  }
}

const environment: Environment = {
  get: (name) => withEnvPermission(name, () => Deno.env.get(name)),
  delete: (name) => withEnvPermission(name, () => Deno.env.delete(name)),
};

const ffi: Ffi = {
  get os() {
    return Deno.build.os;
  },
  get arch() {
    return Deno.build.arch;
  },
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S> {
    return openFirst(
      names,
      (name) => Deno.dlopen(name, symbols as unknown as Deno.ForeignLibraryInterface).symbols as Symbols<S>,
      (error, name) =>
        isNotCapable(error)
          ? new NotifyError(
            "EPERM",
            `Cannot send notification: Deno needs FFI access to call ${name}; run with --allow-ffi (and --allow-env)`,
          ) // no cause: Deno's own message says the same, with a stack from inside its FFI layer
          : undefined,
    );
  },
  readInt32: (pointer) => new Deno.UnsafePointerView(pointer as Deno.PointerObject).getInt32(),
  addressOf: (buffer) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer as Uint8Array<ArrayBuffer>))),
  pointerTo: (buffer) => Deno.UnsafePointer.of(buffer as Uint8Array<ArrayBuffer>),
};

/** libc (`name`) in a helper thread, through `Deno.dlopen` (its source is copied there: no outside references). */
function openThreadLibc(name: string): ThreadLibc {
  const table = {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
    write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
    close: { parameters: ["i32"], result: "i32" },
  } as const;
  const c = Deno.dlopen(name, table).symbols;
  return {
    socket: (domain, type, protocol) => c.socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) =>
      Number(
        c.sendto(
          fd,
          bytes as Uint8Array<ArrayBuffer>,
          BigInt(bytes.length),
          flags,
          address as Uint8Array<ArrayBuffer>,
          address.length,
        ),
      ),
    write: (fd, bytes) => Number(c.write(fd, bytes as Uint8Array<ArrayBuffer>, BigInt(bytes.length))),
    close: (fd) => c.close(fd),
  };
}

/**
 * Deno.
 *
 * @example
 * ```ts
 * import { runtime } from "./deno.ts";
 *
 * if ("Deno" in globalThis) console.log(runtime.pid());
 * ```
 */
export const runtime: Runtime = {
  ffi,
  environment: () => environment,
  pid: () => Deno.pid,
  unref: (timer) => Deno.unrefTimer(timer as number),
  onSignal(signal, listener) {
    Deno.addSignalListener(signal as Deno.Signal, listener);
    return () => Deno.removeSignalListener(signal as Deno.Signal, listener);
  },
  ffiClockIsFaster: true,
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc,
};
