/**
 * What each send path adds to the runtime's bare FFI call sending the same bytes, layer by layer: differences between
 * steps of bench/breakdown.ts, each path's adding up to its step less the bare `sendmsg()` of its datagram.
 * bench/run.ts prints them, and beside them what bench/floor.ts measured over the bare call, in processes of its own.
 */
import type { FloorResult } from "./floor.ts";
import type { BreakdownStep } from "./messages.ts";

/** A layer: what it is, and the two steps whose difference it is (the second less the first). */
export type Layer = [label: string, from: BreakdownStep, to: BreakdownStep];

/** A path's layers, and a step of its work measured alone, without a send. */
export interface PathLayers {
  layers: Layer[];
  alone?: [label: string, step: BreakdownStep];
}

const BARE_WATCHDOG: BreakdownStep = "libc sendmsg(), the runtime's FFI alone";
const TABLE: BreakdownStep = "libc sendmsg() through loadLibc()";
const WATCHDOG_BYTES: BreakdownStep = "NotifySocket.send(bytes of WATCHDOG=1)";
const STATUS_BYTES: BreakdownStep = "NotifySocket.send(bytes of STATUS=100 bytes)";
const STATUS_TEXT: BreakdownStep = "NotifySocket.send(text of STATUS=100 bytes)";
const FOUR_BYTES: BreakdownStep = "NotifySocket.send(bytes of 4 assignments)";
const FOUR_TEXT: BreakdownStep = "NotifySocket.send(text of 4 assignments)";
const WATCHDOG_SOCKET: Layer[] = [
  ["the libc table", BARE_WATCHDOG, TABLE],
  ["the socket's checks and copy", TABLE, WATCHDOG_BYTES],
];

/** Each case of bench/floor.ts, by name: its layers. */
export const PATH_LAYERS: Record<string, PathLayers> = {
  "wd.notify()": {
    layers: [...WATCHDOG_SOCKET, ["the Watchdog (due time, queue, report)", WATCHDOG_BYTES, "wd.notify()"]],
    alone: ["its clock", "the Watchdog's clock, no send"],
  },
  'sdNotify("WATCHDOG=1")': {
    layers: [...WATCHDOG_SOCKET, ["NOTIFY_SOCKET and options read per call", WATCHDOG_BYTES, 'sdNotify("WATCHDOG=1")']],
  },
  "wd.status(100 bytes)": {
    layers: [
      [
        "the libc table, the socket's checks and copy",
        "libc sendmsg() of STATUS=100 bytes, the runtime's FFI alone",
        STATUS_BYTES,
      ],
      ["encoding its text", STATUS_BYTES, STATUS_TEXT],
      ["cleaning and keeping the line", STATUS_TEXT, "wd.status(100 bytes)"],
    ],
    alone: ["statusText()", "statusText(100 bytes), no send"],
  },
  "sdNotify({4 assignments})": {
    layers: [
      [
        "the libc table, the socket's checks and copy",
        "libc sendmsg() of 4 assignments, the runtime's FFI alone",
        FOUR_BYTES,
      ],
      ["encoding its text", FOUR_BYTES, FOUR_TEXT],
      ["validating and formatting", FOUR_TEXT, "sdNotify({4 assignments})"],
    ],
    alone: ["formatState()", "formatState({4 assignments}), no send"],
  },
};

/** A step's best ns on a runtime. */
export type StepOf = (runtime: string, step: BreakdownStep) => number;

/** What `layer` adds on `runtime`: its second step less its first. */
const layerNs = (step: StepOf, runtime: string, [, from, to]: Layer) => step(runtime, to) - step(runtime, from);

/** Each path's layers and their ns on each runtime, as rows: `path: layer` and the step measured alone. */
export function layerRows(step: StepOf, runtimes: string[]): [label: string, ns: number[]][] {
  return Object.entries(PATH_LAYERS).flatMap(([path, { layers, alone }]): [string, number[]][] => [
    ...layers.map((layer): [string, number[]] => [
      `${path}: ${layer[0]}`,
      runtimes.map((runtime) => layerNs(step, runtime, layer)),
    ]),
    ...(alone ? [[`  of which ${alone[0]}, alone`, runtimes.map((runtime) => step(runtime, alone[1]))]] : []) as [
      string,
      number[],
    ][],
  ]);
}

/**
 * What is left over the bare call, and why, as lines: for each runtime and path, its ratio and ns over the bare
 * `sendmsg()` of the same bytes (bench/floor.ts; the ratio is over the faster of `send()` and `sendmsg()`), beside the
 * breakdown's layers, their sum, the largest, and what they leave unaccounted for. Both count every call after the same
 * warm-up, each the best of its processes; they differ in what they import (dist/, against the sources) and in the
 * processes' noise, which also makes some layers come out below zero.
 */
export function whatIsLeft(
  floors: Record<string, FloorResult>,
  step: StepOf,
  format: (ns: number) => string,
): string[] {
  return Object.entries(floors).flatMap(([runtime, { ratios, ns }]) =>
    Object.entries(PATH_LAYERS).map(([path, { layers }]) => {
      const { ours, bare, "bare-sendmsg": bareSendmsg } = ns[path];
      const parts = layers.map((layer) => ({ label: layer[0], ns: layerNs(step, runtime, layer) }));
      const sum = parts.reduce((total, part) => total + part.ns, 0);
      const most = parts.reduce((a, b) => (b.ns > a.ns ? b : a));
      const sendLess = bare < bareSendmsg ? ` (its send() ${format(bareSendmsg - bare)} less)` : "";
      const listed = parts.map(({ label, ns }) => `${label} ${format(ns)}${ns < 0 ? " (noise)" : ""}`).join(", ");
      const over = ours - bareSendmsg;
      return `${runtime}, ${path}: ${ratios[path].toFixed(2)}x; ${format(over)} over the bare sendmsg()${sendLess}; ` +
        `the layers ${format(sum)}: ${listed}; the most: ${most.label}; not accounted for: ${format(over - sum)}`;
    })
  );
}
