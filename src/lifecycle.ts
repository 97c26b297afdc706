/**
 * Where a service is in its life, as its `Watchdog` has told systemd.
 *
 * @module
 */

import type { NotifyState } from "./message.ts";

/**
 * The phase of a service, as its `Watchdog` has announced it: `starting`
 * until its first `READY=1`, `reloading` from `RELOADING=1` to the next
 * `READY=1`, `stopping` from `STOPPING=1` on, and `closed` once the
 * `Watchdog` is closed. A phase follows what the service said, whether or not
 * systemd could be told.
 */
export type ServicePhase = "starting" | "ready" | "reloading" | "stopping" | "closed";

/** Which of the announcements that move a service from one phase to another a message holds. */
export interface Announcements {
  ready: boolean;
  reloading: boolean;
  stopping: boolean;
}

/**
 * The phase after a message with `announced` was sent in `phase`: stopping
 * and closed are for good, and a message saying both `RELOADING=1` and
 * `READY=1` ends its reload at once, as systemd reads it.
 *
 * @example
 * ```ts
 * import { phaseAfter } from "./lifecycle.ts";
 *
 * phaseAfter("starting", { ready: true, reloading: false, stopping: false }); // "ready"
 * ```
 */
export function phaseAfter(phase: ServicePhase, announced: Announcements): ServicePhase {
  if (phase === "closed") return phase;
  if (phase === "stopping" || announced.stopping) return "stopping";
  if (announced.ready) return "ready";
  if (announced.reloading) return "reloading";
  return phase;
}

/**
 * The announcements in a state given to `send()`: a `READY`, `RELOADING` or
 * `STOPPING` assignment of `1` (a key given twice counts by its first value,
 * as systemd reads it).
 *
 * @example
 * ```ts
 * import { announcementsOf } from "./lifecycle.ts";
 *
 * announcementsOf("STATUS=Up\nREADY=1"); // { ready: true, reloading: false, stopping: false }
 * ```
 */
export function announcementsOf(state: NotifyState): Announcements {
  if (typeof state !== "string") {
    const says = (key: string) => state[key] === true || state[key] === 1 || state[key] === "1";
    return { ready: says("READY"), reloading: says("RELOADING"), stopping: says("STOPPING") };
  }
  const says = (line: RegExp) => line.exec(state)?.[1] === "1";
  return { ready: says(READY), reloading: says(RELOADING), stopping: says(STOPPING) };
}

const READY = /^READY=(.*)$/m;
const RELOADING = /^RELOADING=(.*)$/m;
const STOPPING = /^STOPPING=(.*)$/m;
