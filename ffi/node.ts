// The Node.js backend. node:ffi (Node.js 26.1+) is loaded with the first library opened, so that importing the
// package prints no ExperimentalWarning and works on a Node.js without node:ffi.

import { NotifyError } from "../src/error.ts";
import type { ThreadLibc } from "../src/stall_watch.ts";
import { isMainThread, linuxArch, nodeProcess, onProcessSignal, startWorkerThread } from "./node_process.ts";
import { openFirst } from "./open_first.ts";
import type { Ffi, NativeType, Runtime, Symbols, SymbolTable } from "./types.ts";

/** The part of `node:ffi` this backend uses. */
interface NodeFfi {
  dlopen(
    name: string,
    functions: Record<string, { arguments: string[]; return: string }>,
  ): { lib: unknown; functions: Record<string, (...args: unknown[]) => unknown> };
  getRawPointer(buffer: Uint8Array): bigint;
  getInt32(pointer: bigint, offset: number): number;
}

const NODE_TYPES: Record<NativeType, string> = {
  i32: "int32",
  u32: "uint32",
  u64: "uint64",
  buffer: "pointer", // node:ffi passes a Uint8Array given for a pointer as its address
  pointer: "pointer",
  void: "void",
};

let nodeFfi: NodeFfi | undefined;
// A library whose handle is collected is closed, and its functions with it.
const openLibraries: unknown[] = [];

function load(): NodeFfi {
  if (nodeFfi) return nodeFfi;
  const process = nodeProcess()!;
  // Asked before loading anything, so that nothing prints node:ffi's warning: whether this Node.js can have FFI at
  // all (one that has node:ffi knows --allow-ffi), then whether the permission model forbids it.
  if (!process.allowedNodeEnvironmentFlags?.has("--allow-ffi")) throw missingFfi(process.versions.node);
  if (process.permission?.has("ffi") === false) throw permissionError();
  const loaded = process.getBuiltinModule?.("node:ffi") as NodeFfi | undefined;
  if (loaded === undefined) {
    if (process.allowedNodeEnvironmentFlags?.has("--experimental-ffi")) {
      throw new NotifyError(
        "ENOSYS",
        `Cannot send notification: node:ffi is off in Node.js ${process.versions.node}; ` +
          "run with --experimental-ffi (and without --no-experimental-ffi)",
      );
    }
    throw missingFfi(process.versions.node);
  }
  return nodeFfi = loaded;
}

function missingFfi(version: string | undefined): NotifyError {
  return new NotifyError(
    "ENOSYS",
    `Cannot send notification: Node.js ${version} has no node:ffi; sd_notify needs Node.js 26.1 or later`,
  );
}

// V8 moves an in-heap typed array out of the heap for good when its address is first taken.
function addressOf(buffer: Uint8Array): bigint {
  return load().getRawPointer(buffer);
}

function permissionError(): NotifyError {
  return new NotifyError(
    "EPERM",
    "Cannot send notification: Node.js runs with --permission, which forbids FFI, and sd_notify calls libc " +
      "through node:ffi; add --allow-ffi",
  );
}

const ffi: Ffi = {
  get os() {
    return nodeProcess()!.platform;
  },
  get arch() {
    return linuxArch(nodeProcess()!.arch);
  },
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S> {
    const node = load();
    const table: Record<string, { arguments: string[]; return: string }> = {};
    for (const [name, { parameters, result }] of Object.entries(symbols)) {
      table[name] = { arguments: parameters.map((type) => NODE_TYPES[type]), return: NODE_TYPES[result] };
    }
    const { lib, functions } = openFirst(
      names,
      (name) => node.dlopen(name, table),
      // The same refusal as load()'s permission check, which runs first so that nothing loads node:ffi; this one
      // catches what that check cannot see (a permission model without process.permission.has("ffi")). No cause:
      // Node's own message says the same.
      (error) => (error as { code?: unknown } | null)?.code === "ERR_ACCESS_DENIED" ? permissionError() : undefined,
    );
    openLibraries.push(lib);
    return functions as Symbols<S>;
  },
  readInt32: (pointer) => load().getInt32(pointer as bigint, 0),
  addressOf,
  pointerTo: addressOf,
};

/** libc (`name`) in a helper thread, through `node:ffi` (its source is copied there: no outside references). */
function openThreadLibc(name: string): ThreadLibc {
  const ffi = (globalThis as unknown as { process: { getBuiltinModule(id: string): NodeFfi } }).process
    .getBuiltinModule("node:ffi");
  const table = {
    socket: { arguments: ["int32", "int32", "int32"], return: "int32" },
    sendto: { arguments: ["int32", "pointer", "uint64", "int32", "pointer", "uint32"], return: "int64" },
    write: { arguments: ["int32", "pointer", "uint64"], return: "int64" },
    close: { arguments: ["int32"], return: "int32" },
  };
  // The library stays referenced by the functions below: once its handle is collected, it is closed.
  const library = ffi.dlopen(name, table);
  // deno-lint-ignore no-explicit-any
  const c = () => library.functions as any;
  const at = (bytes: Uint8Array) => ffi.getRawPointer(bytes);
  return {
    socket: (domain, type, protocol) => c().socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) =>
      Number(c().sendto(fd, at(bytes), BigInt(bytes.length), flags, at(address), address.length)),
    write: (fd, bytes) => Number(c().write(fd, at(bytes), BigInt(bytes.length))),
    close: (fd) => c().close(fd),
  };
}

/**
 * Where the main thread's JavaScript is stopped, asked from a helper thread through `node:inspector` (its source is
 * copied there: no outside references). One session serves the thread's whole life: Node.js 26.10 can abort the
 * process when a Worker ends just after a session's `disconnect()`. It pauses only a main thread that answered
 * `Debugger.enable` within 100 ms (one in a system call is not where it blocked), resumes only its own pause (never
 * a debugger's), and gives up on frames after `timeoutMs`, still resuming a pause that lands late.
 */
async function mainThreadStack(timeoutMs: number): Promise<string[]> {
  // deno-lint-ignore no-explicit-any
  const shared = globalThis as any;
  if (shared.stallInspector === undefined) {
    const { Session } = shared.process.getBuiltinModule("node:inspector");
    const session = new Session();
    session.connectToMainThread();
    const urls = new Map<string, string>();
    // deno-lint-ignore no-explicit-any
    session.on("Debugger.scriptParsed", ({ params }: any) => urls.set(params.scriptId, params.url));
    shared.stallInspector = { session, urls };
  }
  const { session, urls } = shared.stallInspector;
  return await new Promise((resolve) => {
    let asked = false;
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve([]);
    }, timeoutMs);
    const finish = (frames: string[]) => {
      clearTimeout(timer);
      session.off("Debugger.paused", paused);
      resolve(frames); // after the timeout, it already resolved with []
      session.post("Debugger.disable");
    };
    // deno-lint-ignore no-explicit-any
    const paused = ({ params }: any) => {
      if (!asked) return finish([]); // a debugger holds it: not ours to resume
      // deno-lint-ignore no-explicit-any
      const frames = params.callFrames.slice(0, 8).map((frame: any) => {
        const { scriptId, lineNumber, columnNumber } = frame.location;
        const url = frame.url || urls.get(scriptId) || `script ${scriptId}`;
        return `${frame.functionName || "<anonymous>"} (${url}:${lineNumber + 1}:${columnNumber + 1})`;
      });
      session.post("Debugger.resume", () => finish(frames));
    };
    session.on("Debugger.paused", paused);
    const enabling = performance.now();
    session.post("Debugger.enable", (error: unknown) => {
      if (error || late || performance.now() - enabling > 100) return finish([]);
      asked = true;
      session.post("Debugger.pause");
    });
  });
}

/**
 * Node.js.
 *
 * @example
 * ```ts
 * import { runtime } from "./node.ts";
 *
 * if (!("Deno" in globalThis)) console.log(runtime.pid());
 * ```
 */
export const runtime: Runtime = {
  ffi,
  environment: () => nodeProcess()!.env,
  pid: () => nodeProcess()!.pid,
  unref: (timer) => (timer as { unref(): void }).unref(),
  onSignal: onProcessSignal,
  // clock_gettime() through node:ffi ~60 ns, performance.now() ~50 ns.
  ffiClockIsFaster: false,
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc,
  mainThreadStack,
};
