import { loadLibc } from "../ffi/runtime.ts";
import { type EnvironmentSource, processId, readVariable, unsetVariables } from "./environment.ts";
import { errnoName } from "./errno.ts";
import { NotifyError, refused } from "./error.ts";
import { F_GETFD, F_SETFD, FD_CLOEXEC, INT_MAX } from "./linux.ts";
import { parseInt32, parsePid } from "./parse_integer.ts";

/** The first passed file descriptor: 0, 1 and 2 are stdin, stdout and stderr. */
export const SD_LISTEN_FDS_START = 3;

/** Options for {@linkcode sdListenFds} and {@linkcode sdListenFdsWithNames}. */
export interface ListenFdsOptions {
  /** Remove `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES` afterwards, whatever the outcome. @default {false} */
  unsetEnvironment?: boolean;
  /** Where to read the variables. @default {the process environment} */
  env?: EnvironmentSource;
  /** The id of the process asking, compared with `LISTEN_PID`. @default {the current process id} */
  pid?: number;
}

/** A passed file descriptor and its name (from `FileDescriptorName=`, or `unknown`). */
export interface ListenFd {
  /** The descriptor: 3, 4, ... */
  fd: number;
  /** Its name, `unknown` when systemd gave none. */
  name: string;
}

function refuse(code: "EINVAL" | "ERANGE", name: string, value: string, rule: string): NotifyError {
  return refused("Cannot read passed file descriptors", `${name}=${JSON.stringify(value)} is not ${rule}`, code);
}

/**
 * Reads `LISTEN_PID` and `LISTEN_FDS` exactly as libsystemd does: how many descriptors, from
 * {@linkcode SD_LISTEN_FDS_START}, were passed to this process. Pure: sets no flag on any descriptor.
 * @throws {NotifyError} `EINVAL`/`ERANGE` for malformed values.
 *
 * @example
 * ```ts
 * import { readListenFdsCount } from "./listen_fds.ts";
 *
 * readListenFdsCount({ env: { LISTEN_PID: "42", LISTEN_FDS: "2" }, pid: 42 }); // 2
 * ```
 */
export function readListenFdsCount(options: ListenFdsOptions = {}): number {
  const pidText = readVariable(options.env, "LISTEN_PID");
  if (pidText === undefined) return 0;
  const pid = parsePid(pidText);
  if ("error" in pid) throw refuse(pid.error, "LISTEN_PID", pidText, "a valid process id");
  if (Number(pid.value) !== (options.pid ?? processId())) return 0; // for another process
  const countText = readVariable(options.env, "LISTEN_FDS");
  if (countText === undefined) return 0;
  const count = parseInt32(countText);
  if ("error" in count) throw refuse(count.error, "LISTEN_FDS", countText, "a number of descriptors");
  if (count.value <= 0n || count.value > BigInt(INT_MAX - SD_LISTEN_FDS_START)) {
    throw refuse("EINVAL", "LISTEN_FDS", countText, "a positive number of descriptors");
  }
  return Number(count.value);
}

/**
 * Mirrors sd_listen_fds(3): how many descriptors systemd passed to this process (socket activation, or the file
 * descriptor store), starting at {@linkcode SD_LISTEN_FDS_START}; 0 when none (or they are for another process). Sets
 * FD_CLOEXEC on each, as libsystemd does, so child processes do not inherit them.
 * @throws {NotifyError} `EINVAL`/`ERANGE` for malformed variables; `EBADF` when a descriptor is not open.
 *
 * @example Serve HTTP on the socket systemd passed
 * ```ts
 * import { createServer } from "node:http";
 * import { SD_LISTEN_FDS_START, sdListenFds } from "@x/systemd-watchdog";
 *
 * if (sdListenFds() === 1) {
 *   createServer((_, response) => response.end("hello\n")).listen({ fd: SD_LISTEN_FDS_START });
 * }
 * ```
 */
export function sdListenFds(options: ListenFdsOptions = {}): number {
  try {
    const count = readListenFdsCount(options);
    if (count > 0) {
      const libc = loadLibc();
      for (let fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + count; fd++) {
        const flags = libc.fcntl(fd, F_GETFD, 0);
        if (flags < 0 || (!(flags & FD_CLOEXEC) && libc.fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)) {
          const code = errnoName(libc.errno());
          throw new NotifyError(code, `Cannot use passed file descriptor ${fd}: fcntl() failed with ${code}`);
        }
      }
    }
    return count;
  } finally {
    if (options.unsetEnvironment) {
      unsetVariables(options.env, ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]);
    }
  }
}

/**
 * Mirrors sd_listen_fds_with_names(3): the passed descriptors with their names from `LISTEN_FDNAMES`
 * (`FileDescriptorName=` of the socket unit, or `FDNAME=` from the file descriptor store), `unknown` when there are
 * none.
 * @throws {NotifyError} As {@linkcode sdListenFds}, and `EINVAL` when the number of names and descriptors differ.
 *
 * @example
 * ```ts
 * import { sdListenFdsWithNames } from "@x/systemd-watchdog";
 *
 * const http = sdListenFdsWithNames().find(({ name }) => name === "http");
 * ```
 */
export function sdListenFdsWithNames(options: ListenFdsOptions = {}): ListenFd[] {
  const namesText = readVariable(options.env, "LISTEN_FDNAMES");
  const count = sdListenFds(options);
  // As libsystemd splits it: "" names nothing, "a:" names "a" and "".
  const names = namesText === undefined
    ? Array<string>(count).fill("unknown")
    : namesText === ""
    ? []
    : namesText.split(":");
  if (count > 0 && names.length !== count) {
    throw refused(
      "Cannot read passed file descriptors",
      `LISTEN_FDNAMES names ${names.length} of them, LISTEN_FDS says ${count}`,
    );
  }
  return names.slice(0, count).map((name, i) => ({ fd: SD_LISTEN_FDS_START + i, name }));
}
