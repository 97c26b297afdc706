import type { EnvironmentSource } from "../src/environment.ts";
import type { ThreadLibc } from "../src/stall_watch.ts";

/** The native types this package uses, named as Deno names them. */
export type NativeType = "i32" | "u32" | "u64" | "buffer" | "pointer" | "void";

/** One C function: its parameter types and result type. */
export interface SymbolDefinition {
  readonly parameters: readonly NativeType[];
  readonly result: NativeType;
}

/** C functions by name. */
export type SymbolTable = Readonly<Record<string, SymbolDefinition>>;

/** Callable C functions, by name. Pointers come back as opaque values. */
// deno-lint-ignore no-explicit-any
export type Symbols<S extends SymbolTable> = { [K in keyof S]: (...args: any[]) => any };

/** A runtime's FFI, reduced to what this package needs. */
export interface Ffi {
  /** `linux`, `darwin`, ... */
  readonly os: string;
  /** `x86_64` or `aarch64` (Linux's names). */
  readonly arch: string;
  /**
   * Opens the first library of `names` that loads, with these symbols.
   * @throws {NotifyError} `EPERM` when the runtime forbids FFI, `ENOSYS` when none loads.
   */
  open<S extends SymbolTable>(names: readonly string[], symbols: S): Symbols<S>;
  /** Reads a C `int` at a pointer returned by a symbol. */
  readInt32(pointer: unknown): number;
  /** The address of a buffer's first byte. */
  addressOf(buffer: Uint8Array): bigint;
  /** A buffer's first byte as a `pointer` parameter takes it. */
  pointerTo(buffer: Uint8Array): unknown;
}

/** A helper thread running a function given as source; see {@linkcode Runtime.startThread}. */
export interface HelperThread {
  /** Asks the thread to end (its `onClose` listeners run there), and lets the process exit without it. */
  close(): void;
}

/** What a helper thread's function receives. */
export interface HelperThreadContext {
  /** The `data` given to {@linkcode Runtime.startThread}. */
  // deno-lint-ignore no-explicit-any
  readonly data: any;
  /** Sends a message to the thread that started this one. */
  post(message: unknown): void;
  /** Calls `listener` in this thread when the starting thread closes it. */
  onClose(listener: () => void): void;
}

/** Everything runtime-specific this package uses: one implementation per runtime, in `ffi/`. */
export interface Runtime {
  /** Its FFI; nothing is loaded until a library is opened. */
  readonly ffi: Ffi;
  /**
   * The process environment.
   * @throws {NotifyError} `EPERM` when the runtime forbids reading it, `ENOSYS` when there is none.
   */
  environment(): EnvironmentSource;
  /**
   * This process's id.
   * @throws {NotifyError} `ENOSYS` when the runtime does not say.
   */
  pid(): number;
  /** Lets the process exit while `timer` (what `setTimeout`/`setInterval` returned) is pending. */
  unref(timer: unknown): void;
  /**
   * Calls `listener` on each `signal` (which then no longer ends the process) until the returned function is called.
   * The listener does not keep the process alive.
   * @throws {NotifyError} `ENOSYS` when the runtime has no signals.
   */
  onSignal(signal: string, listener: () => void): () => void;
  /**
   * Whether reading CLOCK_MONOTONIC through FFI is cheaper than `performance.now()`, for due-time checks on a hot
   * path: on Deno it is (with `performance.now()`, a `ping()` not due took 1.86x as long in `npm run bench`),
   * elsewhere not enough.
   */
  readonly ffiClockIsFaster: boolean;
  /**
   * Starts a thread (a `node:worker_threads` Worker, which Deno and Bun also have) that does not keep the process
   * alive, running `main`: the source of a function that takes a {@linkcode HelperThreadContext}. A source, not a file,
   * so that it works wherever the package is loaded from.
   * @throws {NotifyError} `EPERM` when the runtime forbids threads.
   */
  startThread(
    main: string,
    data: unknown,
    onMessage: (message: unknown) => void,
    onError: (error: unknown) => void,
  ): HelperThread;
  /** Whether this is the process's main thread rather than a Worker. */
  isMainThread(): boolean;
  /**
   * Opens libc by `name` inside a helper thread, or throws. Its source is copied into that thread, so it refers to
   * nothing but its parameter and globals.
   */
  readonly openThreadLibc: (name: string) => ThreadLibc;
  /**
   * Where the main thread's JavaScript is stopped, innermost frame first (`name (url:line:column)`), within
   * `timeoutMs`; `[]` when it cannot tell. Node.js only: see ffi/node.ts. Its source is copied into the thread.
   */
  readonly mainThreadStack?: (timeoutMs: number) => Promise<string[]>;
}
