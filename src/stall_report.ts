import { libcNames } from "../ffi/libc_symbols.ts";
import { runtime } from "../ffi/runtime.ts";
import type { HelperThread } from "../ffi/types.ts";
import { describe } from "./describe.ts";
import { NotifyError } from "./error.ts";
import { integerOption, MAX_TIMER_MS } from "./numeric_option.ts";
import { describeStall, runStallThread, STALL_SLOTS, type StallThreadData, StallWatch } from "./stall_watch.ts";
import { unrefInterval } from "./unref_timer.ts";

/** Options for stall reports (`watchdog({ stallReport })`). */
export interface StallReportOptions {
  /**
   * How long the event loop must be blocked before it is reported, in ms (1 to 2147483647; at most half the watchdog
   * interval is used). A loop that runs while no ping goes out is reported once the last ping is the interval less
   * half of this old. Early enough to beat systemd's kill; late enough that a busy moment is not called a stall.
   * @default {a quarter of the watchdog interval}
   */
  afterMs?: number;
}

/** What stall reports do through their Watchdog. */
export interface StallReportActions {
  /** Puts the last status line sent back (or an empty one), once a stall report's is no longer true. */
  restore(): void;
  /** Reports a failure of the helper thread (it could not start, or it failed). */
  failed(error: NotifyError): void;
}

const CONTEXT = "Cannot report stalls";
const INT32_MAX = 2 ** 31 - 1;

/**
 * The options of `watchdog()`'s `stallReport` (whose kind is checked with the other options): `undefined` for none,
 * else the options, with `afterMs` checked.
 * @throws {NotifyError} `EINVAL` for another `afterMs`.
 *
 * @example
 * ```ts
 * import { stallReportOption } from "./stall_report.ts";
 *
 * stallReportOption({ afterMs: 1500 }); // { afterMs: 1500 }
 * ```
 */
export function stallReportOption(value: boolean | StallReportOptions | undefined): StallReportOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  integerOption(CONTEXT, "afterMs", value.afterMs, 1, 1, MAX_TIMER_MS);
  return value;
}

/**
 * The main thread's side of stall reports. It starts the helper thread the first time the watchdog is on; its heartbeat
 * timer never keeps the process alive, and neither does the thread. The thread never pings: a blocked loop still gets
 * the service killed, with the reason said first.
 *
 * @example
 * ```ts ignore
 * import { StallReport } from "./stall_report.ts";
 *
 * const report = new StallReport(address.sockaddr, {}, { restore: () => {}, failed: console.error });
 * report.follow(4000); // the watchdog interval, in ms
 * report.pinged(); // after each WATCHDOG=1
 * report.close();
 * ```
 */
export class StallReport {
  #sockaddr: Uint8Array;
  #actions: StallReportActions;
  #shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(STALL_SLOTS).length));
  #thread: HelperThread | undefined;
  #stopBeats: (() => void) | undefined;
  #state: "waiting" | "running" | "failed" | "closed" = "waiting";

  /**
   * @param sockaddr Where the thread sends its status lines: `NOTIFY_SOCKET` as a `struct sockaddr_un`.
   * @param options Checked with {@linkcode stallReportOption}.
   * @param actions What it does through its Watchdog.
   */
  constructor(sockaddr: Uint8Array, options: StallReportOptions, actions: StallReportActions) {
    this.#sockaddr = sockaddr;
    this.#actions = actions;
    Atomics.store(this.#shared, STALL_SLOTS.afterMs, options.afterMs ?? 0);
  }

  /**
   * Follows the watchdog interval (ms; 0 when off): starts the thread the first time it is on, and paces the
   * heartbeat. Called by the main thread's loop, so it also beats: a blocked report ends even when the
   * heartbeat stops here. Turned off, a report still shown is taken back at once.
   */
  follow(intervalMs: number): void {
    if (this.#state === "closed" || this.#state === "failed") return;
    const interval = Math.min(Math.floor(intervalMs), INT32_MAX);
    Atomics.store(this.#shared, STALL_SLOTS.intervalMs, interval);
    Atomics.add(this.#shared, STALL_SLOTS.beats, 1);
    this.#stopBeats?.();
    this.#stopBeats = undefined;
    if (interval === 0) return this.#takeBack();
    if (this.#state === "waiting") this.#start();
    if (this.#state !== "running") return;
    const afterMs = StallWatch.afterMsOf(this.#shared);
    this.#stopBeats = unrefInterval(() => Atomics.add(this.#shared, STALL_SLOTS.beats, 1), Math.max(1, afterMs / 4));
  }

  /** Counts a `WATCHDOG=1` sent. */
  pinged(): void {
    Atomics.add(this.#shared, STALL_SLOTS.pings, 1);
  }

  /** Says whether the keep-alive withholds pings on purpose (the service is unhealthy): then no "no ping" report. */
  withholdPings(withheld: boolean): void {
    Atomics.store(this.#shared, STALL_SLOTS.withheld, withheld ? 1 : 0);
  }

  /** Takes back a report still shown, stops the heartbeat and ends the thread. Safe to call more than once. */
  close(): void {
    if (this.#state === "running") this.#takeBack();
    this.#state = "closed";
    this.#stopBeats?.();
    this.#thread?.close();
    this.#thread = undefined;
  }

  #start(): void {
    const main = `(thread) => (${runStallThread})({
  data: thread.data,
  openLibc: ${runtime.openThreadLibc},
  Watch: ${StallWatch},
  describe: ${describeStall},
  mainThreadStack: ${runtime.mainThreadStack ?? "undefined"},
  restore: (report) => thread.post({ restore: report }),
  fail: (error) => thread.post({ failed: String(error?.stack ?? error) }),
  onClose: thread.onClose,
})`;
    const mainThread = runtime.isMainThread();
    const data: StallThreadData = {
      shared: this.#shared.buffer as SharedArrayBuffer,
      sockaddr: this.#sockaddr,
      stack: mainThread,
      libcNames: libcNames(runtime.ffi.arch),
      loop: mainThread ? "Event loop" : "Worker's event loop",
    };
    try {
      this.#thread = runtime.startThread(
        main,
        data,
        (message) => {
          const { restore, failed } = message as { restore?: number; failed?: string };
          if (restore !== undefined) this.#restore(restore);
          else this.#fail(new Error(failed));
        },
        (error) => this.#fail(error),
      );
      this.#state = "running";
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Puts the service's line back for report number `report`, unless it was put back already. */
  #restore(report: number): void {
    if (Atomics.compareExchange(this.#shared, STALL_SLOTS.shown, report, 0) === report) this.#actions.restore();
  }

  /** Puts the service's line back now, for the report shown, if any: the thread will not. */
  #takeBack(): void {
    const report = Atomics.load(this.#shared, STALL_SLOTS.shown);
    if (report !== 0) this.#restore(report);
  }

  #fail(error: unknown): void {
    if (this.#state === "closed") return;
    this.close();
    this.#state = "failed";
    this.#actions.failed(
      error instanceof NotifyError
        ? error
        : new NotifyError("EIO", `${CONTEXT}: the helper thread failed (${describe(error)})`, { cause: error }),
    );
  }
}
