// What the stall-report thread decides and says. This file's functions run inside that thread as source text
// (Function.prototype.toString()): each may refer only to its parameters, this file's functions, and globals.

/** Where the main thread and the stall-report thread share their counters, in an `Int32Array`. */
export const STALL_SLOTS = {
  /** Counts the main thread's heartbeats: one per timer tick of its event loop. */
  beats: 0,
  /** Counts the `WATCHDOG=1` the main thread sent. */
  pings: 1,
  /** The watchdog interval in ms (at most 2147483647); 0 while it is off. */
  intervalMs: 2,
  /** How long the loop must be blocked before it is reported, in ms; 0 for a quarter of the interval. */
  afterMs: 3,
  /** 1 while the keep-alive withholds pings because the service is unhealthy (its own status line says why). */
  withheld: 4,
  /**
   * The number of the report whose `STATUS=` systemd shows, 0 for none: whichever thread swaps it for 0 first
   * (the helper thread when the stall ends, the main thread when the watchdog stops) puts the line back, once.
   */
  shown: 5,
} as const;

/** What the stall-report thread noticed. */
export type StallEvent =
  /** The main thread's loop has not beaten for `forMs`. */
  | { readonly kind: "blocked"; readonly forMs: number }
  /** The loop beats again, after `forMs` blocked. */
  | { readonly kind: "ran again"; readonly forMs: number }
  /** The loop ran, but no `WATCHDOG=1` went out for `forMs`. */
  | { readonly kind: "no ping"; readonly forMs: number }
  /** A `WATCHDOG=1` went out again, after `forMs` without one. */
  | { readonly kind: "pinged again"; readonly forMs: number }
  /** No `WATCHDOG=1` is due any more (the watchdog was turned off, or the service is stopping), after `forMs` without one. */
  | { readonly kind: "not due"; readonly forMs: number };

/**
 * Watches the main thread's counters ({@linkcode STALL_SLOTS}, spelled as numbers: this class is copied into the
 * thread alone) and returns what is worth saying: a loop blocked for `afterMs`; a loop that beats while no ping went
 * out for the interval less half of `afterMs` (unless the keep-alive withholds pings), reported again as blocked if
 * it then blocks; once, the end of either. docs/api.md's "Stall reports" table has every case. Nothing while the
 * watchdog is off; turned on again, or after the whole process was stopped, it starts afresh.
 *
 * @example
 * ```ts
 * import { STALL_SLOTS, StallWatch } from "./stall_watch.ts";
 *
 * const shared = new Int32Array(5);
 * shared[STALL_SLOTS.intervalMs] = 4000;
 * const watch = new StallWatch(shared, 0);
 * watch.check(500); // undefined: not blocked for long enough
 * watch.check(1200); // { kind: "blocked", forMs: 1200 }
 * ```
 */
export class StallWatch {
  #shared: Int32Array;
  #beats: number;
  #beatAt: number;
  #pings: number;
  #pingAt: number;
  #intervalMs: number;
  #checkedAt: number;
  #reported: "blocked" | "no ping" | undefined;

  /**
   * @param shared The counters, laid out as {@linkcode STALL_SLOTS} says.
   * @param now The thread's monotonic clock, in ms.
   */
  constructor(shared: Int32Array, now: number) {
    this.#shared = shared;
    this.#beats = Atomics.load(shared, 0);
    this.#pings = Atomics.load(shared, 1);
    this.#intervalMs = Atomics.load(shared, 2);
    this.#beatAt = now;
    this.#pingAt = now;
    this.#checkedAt = now;
  }

  /**
   * `afterMs` by the counters in `shared`, or a quarter of the interval, at most half of it; 0 while the watchdog is
   * off. The main thread paces its heartbeat by it too.
   */
  static afterMsOf(shared: Int32Array): number {
    const intervalMs = Atomics.load(shared, 2);
    if (intervalMs === 0) return 0;
    const half = Math.max(1, Math.floor(intervalMs / 2));
    return Math.min(Atomics.load(shared, 3) || Math.max(1, Math.floor(intervalMs / 4)), half);
  }

  /** {@linkcode StallWatch.afterMsOf} its counters, now. */
  get afterMs(): number {
    // Through the constructor, not the class's name: in the thread, this class is a value with no name to call.
    return (this.constructor as typeof StallWatch).afterMsOf(this.#shared);
  }

  /** Reads the counters at `now` (ms); returns what changed, if it is worth saying. */
  check(now: number): StallEvent | undefined {
    const beats = Atomics.load(this.#shared, 0);
    const pings = Atomics.load(this.#shared, 1);
    const intervalMs = Atomics.load(this.#shared, 2);
    // Checks come every quarter of afterMs, plus up to 250 ms asking where the loop is: one much later means the
    // whole process was stopped (SIGSTOP, a frozen cgroup), which stopped the loop and the pings alike.
    const stopped = now - this.#checkedAt > this.afterMs / 2 + 250;
    this.#checkedAt = now;
    const turnedOn = this.#intervalMs === 0 && intervalMs > 0;
    this.#intervalMs = intervalMs;
    // A report ends on what the counters say, never on a late check: only a beat ends "blocked", and only a ping
    // or the watchdog going off ends "no ping".
    const beat = beats !== this.#beats;
    const pinged = pings !== this.#pings;
    const blockedMs = now - this.#beatAt;
    const unpingedMs = now - this.#pingAt;
    if (beat) [this.#beats, this.#beatAt] = [beats, now];
    if (pinged) [this.#pings, this.#pingAt] = [pings, now];
    if (this.#reported === "blocked" && beat) {
      this.#reported = undefined;
      return { kind: "ran again", forMs: blockedMs };
    }
    if (this.#reported === "no ping" && (pinged || intervalMs === 0)) {
      this.#reported = undefined;
      return { kind: pinged ? "pinged again" : "not due", forMs: unpingedMs };
    }
    if (turnedOn || stopped) {
      // Turned on (again), or resumed: the heartbeat stopped meanwhile and pings were not due, so that time counts
      // as neither; the duration of a report still open keeps counting.
      if (this.#reported !== "blocked") this.#beatAt = now;
      if (this.#reported !== "no ping") this.#pingAt = now;
    }
    const afterMs = this.afterMs;
    if (afterMs === 0 || this.#reported === "blocked") return undefined;
    if (now - this.#beatAt >= afterMs) {
      this.#reported = "blocked";
      return { kind: "blocked", forMs: now - this.#beatAt };
    }
    const withheld = Atomics.load(this.#shared, 4) === 1;
    if (this.#reported === undefined && !withheld && now - this.#pingAt >= intervalMs - afterMs / 2) {
      this.#reported = "no ping";
      return { kind: "no ping", forMs: now - this.#pingAt };
    }
    return undefined;
  }
}

/**
 * The status line and the stderr line for a stall event, at wall-clock time `wallNow` (ms since the epoch); `frames` is
 * where the main thread was, when known, innermost first; `loop` names whose loop it is.
 *
 * @example
 * ```ts
 * import { describeStall } from "./stall_watch.ts";
 *
 * describeStall({ kind: "blocked", forMs: 2400 }, Date.now(), ["parse (file:///srv/app.js:12:5)"]);
 * // { status: "Event loop blocked for 2.4 s (since 12:00:01.123), in parse (file:///srv/app.js:12:5)", ... }
 * ```
 */
export function describeStall(
  event: StallEvent,
  wallNow: number,
  frames: readonly string[] = [],
  loop = "Event loop",
): { status: string | undefined; line: string } {
  const seconds = `${(event.forMs / 1000).toFixed(1)} s`;
  switch (event.kind) {
    case "blocked": {
      const since = new Date(wallNow - event.forMs);
      const pad = (n: number, width = 2) => String(n).padStart(width, "0");
      const clock = `${pad(since.getHours())}:${pad(since.getMinutes())}:${pad(since.getSeconds())}.` +
        pad(since.getMilliseconds(), 3);
      const status = `${loop} blocked for ${seconds} (since ${clock})` + (frames.length ? `, in ${frames[0]}` : "");
      const stack = frames.length ? `; its stack: ${frames.join(" <- ")}` : "";
      return { status, line: `${status}: no watchdog ping can go out until it runs again${stack}` };
    }
    case "ran again":
      return { status: undefined, line: `${loop} ran again after ${seconds} blocked` };
    case "no ping": {
      const status = `No watchdog ping for ${seconds} while the ${loop.toLowerCase()} ran`;
      return { status, line: `${status}: is a timer calling ping(), or keepAlive(), still running?` };
    }
    case "pinged again":
      return { status: undefined, line: `Watchdog pings went out again after ${seconds} without one` };
    case "not due":
      return { status: undefined, line: `No watchdog ping is due any more, after ${seconds} without one` };
  }
}

/** libc as the stall-report thread calls it, opened inside that thread by its runtime's backend. */
export interface ThreadLibc {
  /** `socket(2)`: a descriptor, or -1. */
  socket(domain: number, type: number, protocol: number): number;
  /** `sendto(2)` of all of `bytes` to the `struct sockaddr` in `address`: bytes sent, or -1. */
  sendto(fd: number, bytes: Uint8Array, flags: number, address: Uint8Array): number;
  /** `write(2)`: bytes written, or -1. */
  write(fd: number, bytes: Uint8Array): number;
  /** `close(2)`. */
  close(fd: number): number;
}

/** What the main thread hands the stall-report thread when it starts it. */
export interface StallThreadData {
  /** The counters, laid out as {@linkcode STALL_SLOTS} says. */
  readonly shared: SharedArrayBuffer;
  /** `NOTIFY_SOCKET` as a `struct sockaddr_un`. */
  readonly sockaddr: Uint8Array;
  /** Whether to ask where the main thread's JavaScript is stopped (Node.js's main thread only). */
  readonly stack: boolean;
  /** The names libc goes by, the likeliest first. */
  readonly libcNames: readonly string[];
  /** Whose loop it watches, for the reports: `"Event loop"`, or `"Worker's event loop"`. */
  readonly loop: string;
}

/** Everything the stall-report thread runs with. */
export interface StallThread {
  readonly data: StallThreadData;
  /** Opens libc by name, through the runtime's FFI, or throws. */
  readonly openLibc: (name: string) => ThreadLibc;
  /** {@linkcode StallWatch}, handed over as a value: this thread's source has no module scope. */
  readonly Watch: typeof StallWatch;
  /** {@linkcode describeStall}, for the same reason. */
  readonly describe: typeof describeStall;
  /** Where the main thread's JavaScript is stopped, innermost frame first, within `timeoutMs`; `[]` if unknown. */
  readonly mainThreadStack?: (timeoutMs: number) => Promise<string[]>;
  /** Asks the main thread to put back the status line that report number `report` replaced (see `shown`). */
  restore(report: number): void;
  /** Ends the thread with `error`, which reaches the main thread. */
  fail(error: unknown): void;
  /** Calls `listener` when the main thread closes the reports. */
  onClose(listener: () => void): void;
}

/**
 * The stall-report thread: checks the counters a few times per `afterMs`, says what it noticed on stderr and, for a
 * stall, to systemd as `STATUS=` through a socket of its own; asks the main thread to put its status line back once the
 * stall is over. It never pings.
 *
 * @example
 * ```ts ignore
 * import { describeStall, runStallThread, StallWatch } from "./stall_watch.ts";
 *
 * runStallThread({ data, openLibc, Watch: StallWatch, describe: describeStall, restore, fail, onClose });
 * ```
 */
export function runStallThread(thread: StallThread): void {
  const { data } = thread;
  const open = ([name, ...others]: readonly string[]): ThreadLibc => {
    try {
      return thread.openLibc(name);
    } catch (error) {
      if (others.length === 0) throw error;
      return open(others);
    }
  };
  const libc = open(data.libcNames);
  const shared = new Int32Array(data.shared);
  const watch = new thread.Watch(shared, performance.now());
  // AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC: a full queue drops the line rather than stall this thread.
  const fd = libc.socket(1, 2 | 0o4000 | 0o2000000, 0);
  const encoder = new TextEncoder();
  const MSG_DONTWAIT_NOSIGNAL = 0x40 | 0x4000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  let reports = 0; // numbers the reports shown, for the `shown` slot
  const report = async (now: number) => {
    const beats = Atomics.load(shared, 0);
    let event = watch.check(now);
    let frames: string[] = [];
    if (event?.kind === "blocked" && data.stack && thread.mainThreadStack) {
      // A main thread in JavaScript answers within milliseconds; one in a system call cannot, and the report goes
      // out without frames rather than late. Under Node.js's --permission without --allow-inspector, none either.
      frames = await thread.mainThreadStack(Math.min(250, watch.afterMs)).catch(() => []);
      // The loop ran again meanwhile: the frames show where it went on, and the stall is over ("ran again").
      if (Atomics.load(shared, 0) !== beats) [event, frames] = [watch.check(performance.now()), []];
    }
    if (event === undefined || closed) return;
    const forMs = event.forMs + (event.kind === "blocked" ? performance.now() - now : 0);
    const { status, line } = thread.describe({ ...event, forMs }, Date.now(), frames, data.loop);
    const told = status === undefined ||
      (fd >= 0 && libc.sendto(fd, encoder.encode(`STATUS=${status}`), MSG_DONTWAIT_NOSIGNAL, data.sockaddr) >= 0);
    libc.write(2, encoder.encode(`@x/systemd-watchdog: ${line}${told ? "" : " (systemd could not be told)"}\n`));
    if (status !== undefined) {
      if (told) Atomics.store(shared, 5, ++reports);
    } else {
      const shown = Atomics.load(shared, 5);
      if (shown !== 0) thread.restore(shown); // unless the main thread put its line back already
    }
  };
  const stop = () => {
    if (closed) return; // closed once: a second close(2) could close a descriptor the process has reused
    closed = true;
    clearTimeout(timer);
    if (fd >= 0) libc.close(fd);
  };
  const tick = () => {
    report(performance.now()).then(() => {
      // A few checks per afterMs; once a second while the watchdog is off.
      if (!closed) timer = setTimeout(tick, Math.max(5, Math.floor((watch.afterMs || 4000) / 4)));
    }, (error) => {
      stop(); // its socket is not left open
      thread.fail(error);
    });
  };
  thread.onClose(stop);
  // Connects to the main thread and enables its debugger once now, while it runs freely, asking for no frames: the
  // first Debugger.enable costs the most (~20 ms against ~4 ms), and a slow one at a report means no frames.
  if (data.stack) thread.mainThreadStack?.(0).catch(() => {});
  tick();
}
