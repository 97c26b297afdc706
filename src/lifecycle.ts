/**
 * The phase of a service, as its `Watchdog` has announced it: `starting` until its first `READY=1`, `reloading` from
 * `RELOADING=1` to the next `READY=1`, `stopping` from `STOPPING=1` on, and `closed` once the `Watchdog` is closed. A
 * phase follows what the service said, whether or not systemd could be told.
 */
export type ServicePhase = "starting" | "ready" | "reloading" | "stopping" | "closed";

/** Which of the announcements that move a service from one phase to another a message holds. */
export interface Announcements {
  ready: boolean;
  reloading: boolean;
  stopping: boolean;
}

/**
 * The phase after a message with `announced` was sent in `phase`: stopping and closed are for good, and a message
 * saying both `RELOADING=1` and `READY=1` ends its reload at once, as systemd reads it.
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
 * The announcements in a datagram's text: a `READY=1`, `RELOADING=1` or
 * `STOPPING=1` line anywhere in it, as systemd looks for them.
 *
 * @example
 * ```ts
 * import { announcementsOf } from "./lifecycle.ts";
 *
 * announcementsOf("STATUS=Up\nREADY=1"); // { ready: true, reloading: false, stopping: false }
 * ```
 */
export function announcementsOf(text: string): Announcements {
  return { ready: READY.test(text), reloading: RELOADING.test(text), stopping: STOPPING.test(text) };
}

const READY = /^READY=1$/m;
const RELOADING = /^RELOADING=1$/m;
const STOPPING = /^STOPPING=1$/m;
