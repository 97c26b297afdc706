/**
 * The datagrams the benchmark sends, shared by bench/ours.ts (through this
 * package) and bench/run.ts (through C), so that each path of ours is compared
 * with C sending the same bytes.
 */
export const STATUS_100 = "S".repeat(100);

/** Each case of bench/ours.ts and the datagram it puts on the socket. */
export const DATAGRAMS: Record<string, string> = {
  "wd.notify()": "WATCHDOG=1",
  'sdNotify("WATCHDOG=1")': "WATCHDOG=1",
  "wd.status(100 bytes)": `STATUS=${STATUS_100}`,
  "sdNotify({4 assignments})": "READY=1\nSTATUS=Serving\nMAINPID=4242\nX_BENCH=1",
  "sdNotifyWithFds(1 fd)": "FDSTORE=1\nFDNAME=bench",
};

/** The descriptor both sides attach in the `sdNotifyWithFds(1 fd)` case: stdout. */
export const PASSED_FD = 1;

/**
 * How C sends what a case of ours sends, to compare with it: the faster of `send()` and `sendto()`, or `sendmsg()`
 * with the descriptor for the case that passes one.
 */
export const cModesOf = (
  name: string,
): string[] => (name === "sdNotifyWithFds(1 fd)" ? ["sendmsg-fd"] : ["send", "sendto"]);

/** The cases bench/floor.ts compares with the runtime's own bare FFI call sending the same bytes. */
export const FLOOR_CASES: string[] = [
  "wd.notify()",
  'sdNotify("WATCHDOG=1")',
  "wd.status(100 bytes)",
  "sdNotify({4 assignments})",
];

/** A path of ours without a system call, which bench/plainer.ts weighs too (bench/bare_ffi.ts runs it, ours only). */
export const PING_NOT_DUE = "wd.ping() not due";

/** The steps of bench/breakdown.ts, in the order bench/run.ts prints them. */
export const BREAKDOWN_STEPS = [
  "libc sendmsg(), the runtime's FFI alone",
  "libc sendmsg() of STATUS=100 bytes, the runtime's FFI alone",
  "libc sendmsg() of 4 assignments, the runtime's FFI alone",
  "libc sendmsg() through loadLibc()",
  "libc sendmsg() given the msghdr as a buffer",
  "NotifySocket.send(bytes of WATCHDOG=1)",
  'sdNotify("WATCHDOG=1")',
  "sdNotify() of two 10-byte states in turn",
  "the Watchdog's clock, no send",
  "wd.notify()",
  "statusText(100 bytes), no send",
  "NotifySocket.send(bytes of STATUS=100 bytes)",
  "NotifySocket.send(text of STATUS=100 bytes)",
  "wd.status(100 bytes)",
  "formatState({4 assignments}), no send",
  "NotifySocket.send(bytes of 4 assignments)",
  "NotifySocket.send(text of 4 assignments)",
  "sdNotify({4 assignments})",
  "performance.now(), no send",
] as const;

/** One of {@linkcode BREAKDOWN_STEPS}. */
export type BreakdownStep = (typeof BREAKDOWN_STEPS)[number];
