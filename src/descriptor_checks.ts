import { loadLibc } from "../ffi/runtime.ts";
import { describe } from "./describe.ts";
import { errnoName } from "./errno.ts";
import { NotifyError, refused } from "./error.ts";
import type { Libc } from "./libc.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_NO_AUTOMOUNT,
  EBADF,
  EINVAL,
  ENOENT,
  ENOTDIR,
  F_GETFD,
  INT_MAX,
  MQ_ATTR_SIZE,
  S_IFCHR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  SO_ACCEPTCONN,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOCKADDR,
  SOL_SOCKET,
  STATX,
  STATX_BASIC_STATS,
} from "./linux.ts";

/** A socket's address family: `AF_UNIX`, `AF_INET` or `AF_INET6`. */
export type SocketFamily = "unix" | "inet" | "inet6";

/** A socket's type: `SOCK_STREAM`, `SOCK_DGRAM` or `SOCK_SEQPACKET`. */
export type SocketType = "stream" | "dgram" | "seqpacket";

/** Options for {@linkcode sdIsSocket}; an option left out matches any socket. */
export interface SocketCheckOptions {
  /** The address family the socket must have. @default {any} */
  family?: SocketFamily;
  /** The type the socket must have. @default {any} */
  type?: SocketType;
  /** Whether the socket must be listening (`true`) or not (`false`). @default {either} */
  listening?: boolean;
}

/** Options for {@linkcode sdIsSocketInet}; an option left out matches any IPv4 or IPv6 socket. */
export interface InetSocketCheckOptions {
  /** `inet` (IPv4) or `inet6` (IPv6). @default {either} */
  family?: "inet" | "inet6";
  /** The type the socket must have. @default {any} */
  type?: SocketType;
  /** Whether the socket must be listening (`true`) or not (`false`). @default {either} */
  listening?: boolean;
  /** The port the socket must be bound to, 1 to 65535 (libsystemd's 0 is this option left out). @default {any} */
  port?: number;
}

/** Options for {@linkcode sdIsSocketUnix}; an option left out matches any `AF_UNIX` socket. */
export interface UnixSocketCheckOptions {
  /** The type the socket must have. @default {any} */
  type?: SocketType;
  /** Whether the socket must be listening (`true`) or not (`false`). @default {either} */
  listening?: boolean;
  /** The socket's path, `@name` for an abstract name (as in unit files), or `""` for an unnamed socket. @default {any} */
  path?: string;
}

const FAMILIES: Record<SocketFamily, number> = { unix: AF_UNIX, inet: AF_INET, inet6: AF_INET6 };
const TYPES: Record<SocketType, number> = { stream: SOCK_STREAM, dgram: SOCK_DGRAM, seqpacket: SOCK_SEQPACKET };
const encoder = new TextEncoder();
const CONTEXT = "Cannot check file descriptor";

/** The one failure a check throws: libc's errno, as libsystemd returns it negated; `call` as `fstat()`. */
function failed(fd: number, call: string, errno: number): NotifyError {
  const code = errnoName(errno);
  return new NotifyError(code, `Cannot check file descriptor ${fd}: ${call} failed with ${code}`);
}

/** A value as a message shows it: a string quoted, and its type named when it is not the `expected` one. */
function shown(value: unknown, expected: "number" | "string" | "boolean"): string {
  const text = typeof value === "string" ? JSON.stringify(value) : describe(value);
  const type: string = typeof value;
  return type === expected ? text : `${text} (a ${type})`;
}

/**
 * libc, for a check: a failure to load it says what could not be done.
 *
 * @example
 * ```ts ignore
 * import { libcFor } from "./descriptor_checks.ts";
 *
 * const libc = libcFor("Cannot tell whether systemd booted this system");
 * ```
 */
export function libcFor(context: string): Libc {
  try {
    return loadLibc();
  } catch (error) {
    if (!(error instanceof NotifyError)) throw error;
    const message = error.message.replace(/^Cannot send notification/, context).replace(" (and --allow-env)", "");
    throw new NotifyError(error.code, message, { cause: error.cause });
  }
}

function checkFd(fd: unknown): number {
  if (typeof fd !== "number" || !Number.isInteger(fd)) {
    throw refused(CONTEXT, `${shown(fd, "number")} is not an integer`);
  }
  if (fd < 0 || fd > INT_MAX) {
    throw new NotifyError("EBADF", `Cannot check file descriptor ${fd}: it is not a descriptor (EBADF)`);
  }
  return fd;
}

function checkOption<T>(what: string, value: unknown, table: Record<string, T>): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && Object.hasOwn(table, value)) return table[value];
  throw refused(
    CONTEXT,
    `${what} is ${shown(value, "string")}; pass ${Object.keys(table).join(", ")}`,
  );
}

function checkListening(value: unknown): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw refused(CONTEXT, `listening is ${shown(value, "boolean")}; pass true or false`);
}

/** A NUL-terminated path; a NUL inside would cut it short in C. */
function cPath(what: string, path: unknown): Uint8Array {
  if (typeof path !== "string" || path.includes("\0")) {
    throw refused(CONTEXT, `${what} ${shown(path, "string")} is not a path without NUL bytes`);
  }
  return encoder.encode(path + "\0");
}

/** What statx() says of a file: its type, what tells files apart, and for a device, which one. */
interface FileIdentity {
  type: number;
  device: number;
  inode: bigint;
  specialDevice: number;
}

function identityOf(buffer: Uint8Array): FileIdentity {
  const view = new DataView(buffer.buffer);
  const u32 = (at: number) => view.getUint32(at, true);
  return {
    type: view.getUint16(STATX.mode, true) & S_IFMT,
    device: u32(STATX.devMajor) * 2 ** 32 + u32(STATX.devMinor),
    inode: view.getBigUint64(STATX.ino, true),
    specialDevice: u32(STATX.rdevMajor) * 2 ** 32 + u32(STATX.rdevMinor),
  };
}

const EMPTY_PATH = new Uint8Array(1);

/** fstat(): the descriptor's file. */
function fstat(libc: Libc, fd: number): FileIdentity {
  const buffer = new Uint8Array(STATX.size);
  if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, buffer) < 0) {
    throw failed(fd, "fstat()", libc.errno());
  }
  return identityOf(buffer);
}

/**
 * stat(): the file at `path` (without triggering an automount, as stat() does not); `false` when `missingIsFalse` and
 * it does not exist (`ENOENT`, `ENOTDIR`).
 */
function stat(libc: Libc, fd: number, path: Uint8Array, missingIsFalse: boolean): FileIdentity | false {
  const buffer = new Uint8Array(STATX.size);
  if (libc.statx(AT_FDCWD, path, AT_NO_AUTOMOUNT, STATX_BASIC_STATS, buffer) === 0) return identityOf(buffer);
  const errno = libc.errno();
  if (missingIsFalse && (errno === ENOENT || errno === ENOTDIR)) return false;
  const shownPath = new TextDecoder().decode(path.subarray(0, -1));
  throw failed(fd, `stat(${JSON.stringify(shownPath)})`, errno);
}

const sameInode = (a: FileIdentity, b: FileIdentity) =>
  a.type === b.type && a.device === b.device && a.inode === b.inode;

function intOption(libc: Libc, fd: number, name: number): number {
  const value = new Int32Array(1);
  const length = new Uint32Array([4]);
  if (libc.getsockopt(fd, SOL_SOCKET, name, new Uint8Array(value.buffer), new Uint8Array(length.buffer)) < 0) {
    throw failed(fd, "getsockopt()", libc.errno());
  }
  if (length[0] !== 4) throw failed(fd, "getsockopt()", EINVAL);
  return value[0];
}

/** libsystemd's is_socket_internal(): a socket, of `type` and listening as asked when they are given. */
function isSocketOf(libc: Libc, fd: number, type: number | undefined, listening: boolean | undefined): boolean {
  if (fstat(libc, fd).type !== S_IFSOCK) return false;
  if (type !== undefined && intOption(libc, fd, SO_TYPE) !== type) return false;
  return listening === undefined || (intOption(libc, fd, SO_ACCEPTCONN) !== 0) === listening;
}

/** getsockname(): the address bytes the kernel gave, zero-filled to the union's size. */
function socketName(libc: Libc, fd: number): { bytes: Uint8Array; length: number; family: number } {
  const bytes = new Uint8Array(SOCKADDR.size);
  const length = new Uint32Array([SOCKADDR.size]);
  if (libc.getsockname(fd, bytes, new Uint8Array(length.buffer)) < 0) throw failed(fd, "getsockname()", libc.errno());
  if (length[0] < 2) throw failed(fd, "getsockname()", EINVAL);
  return { bytes, length: length[0], family: bytes[SOCKADDR.family] | (bytes[SOCKADDR.family + 1] << 8) };
}

/**
 * Mirrors sd_is_socket(3): whether `fd` is a socket, of the family, type and listening state asked for.
 * @throws {NotifyError} `EBADF` when `fd` is not open (or negative), another errno name when the kernel refuses;
 * `EINVAL` for a bad option.
 *
 * @example Check the descriptor systemd passed before serving on it
 * ```ts
 * import { SD_LISTEN_FDS_START, sdIsSocket, sdListenFds } from "@x/systemd-watchdog";
 *
 * if (sdListenFds() === 1 && sdIsSocket(SD_LISTEN_FDS_START, { type: "stream", listening: true })) {
 *   // serve on it
 * }
 * ```
 */
export function sdIsSocket(fd: number, options: SocketCheckOptions = {}): boolean {
  checkFd(fd);
  const family = checkOption("family", options.family, FAMILIES);
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const libc = libcFor(CONTEXT);
  if (!isSocketOf(libc, fd, type, listening)) return false;
  return family === undefined || socketName(libc, fd).family === family;
}

/**
 * Mirrors sd_is_socket_inet(3): whether `fd` is an IPv4 or IPv6 socket, of the family, type, listening state and
 * port asked for.
 * @throws {NotifyError} As {@linkcode sdIsSocket}.
 *
 * @example
 * ```ts
 * import { sdIsSocketInet } from "@x/systemd-watchdog";
 *
 * sdIsSocketInet(3, { type: "stream", listening: true, port: 8080 });
 * ```
 */
export function sdIsSocketInet(fd: number, options: InetSocketCheckOptions = {}): boolean {
  checkFd(fd);
  const family = checkOption("family", options.family, { inet: AF_INET, inet6: AF_INET6 });
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw refused(
      CONTEXT,
      `port is ${shown(port, "number")}; pass an integer from 1 to 65535, or leave port out to match any`,
    );
  }
  const libc = libcFor(CONTEXT);
  if (!isSocketOf(libc, fd, type, listening)) return false;
  const name = socketName(libc, fd);
  if (name.family !== AF_INET && name.family !== AF_INET6) return false;
  if (family !== undefined && name.family !== family) return false;
  return port === undefined || ((name.bytes[SOCKADDR.port] << 8) | name.bytes[SOCKADDR.port + 1]) === port;
}

/**
 * Mirrors sd_is_socket_unix(3): whether `fd` is an `AF_UNIX` socket, of the type, listening state and path asked
 * for; a `path` starting with `@` is an abstract name, and `""` asks for an unnamed socket.
 * @throws {NotifyError} As {@linkcode sdIsSocket}.
 *
 * @example
 * ```ts
 * import { sdIsSocketUnix } from "@x/systemd-watchdog";
 *
 * sdIsSocketUnix(3, { type: "stream", listening: true, path: "/run/my-service.sock" });
 * ```
 */
export function sdIsSocketUnix(fd: number, options: UnixSocketCheckOptions = {}): boolean {
  checkFd(fd);
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const path = options.path;
  const abstract = typeof path === "string" && path.startsWith("@");
  // An abstract name may hold NUL bytes: its length is given, not found.
  const wanted = path === undefined ? undefined : abstract ? encoder.encode(`\0${path.slice(1)}`) : cPath("path", path);
  const libc = libcFor(CONTEXT);
  if (!isSocketOf(libc, fd, type, listening)) return false;
  const { bytes, length, family } = socketName(libc, fd);
  if (family !== AF_UNIX) return false;
  if (wanted === undefined) return true;
  const at = SOCKADDR.path;
  if (path === "") return length === at; // an unnamed socket
  // A path must match with its NUL; an abstract name must fill the address exactly.
  const size = abstract ? wanted.length : wanted.length - 1;
  if (abstract ? length !== at + size : length < at + size + 1) return false;
  return wanted.every((byte, i) => bytes[at + i] === byte);
}

/**
 * Mirrors sd_is_fifo(3): whether `fd` is a FIFO, and when `path` is given, the one at that path.
 * @throws {NotifyError} As {@linkcode sdIsSocket}; with `path`, the errno name when stat() fails for a reason other
 * than `ENOENT` or `ENOTDIR` (which answer `false`).
 *
 * @example
 * ```ts
 * import { sdIsFifo } from "@x/systemd-watchdog";
 *
 * sdIsFifo(3, "/run/my-service.fifo");
 * ```
 */
export function sdIsFifo(fd: number, path?: string): boolean {
  checkFd(fd);
  const wanted = path === undefined ? undefined : cPath("path", path);
  const libc = libcFor(CONTEXT);
  const file = fstat(libc, fd);
  if (file.type !== S_IFIFO) return false;
  if (wanted === undefined) return true;
  const atPath = stat(libc, fd, wanted, true);
  return atPath !== false && sameInode(file, atPath);
}

/**
 * Mirrors sd_is_special(3): whether `fd` is a regular file or a character device, and when `path` is given, that
 * file (or the same device) at that path.
 * @throws {NotifyError} As {@linkcode sdIsFifo}.
 *
 * @example
 * ```ts
 * import { sdIsSpecial } from "@x/systemd-watchdog";
 *
 * sdIsSpecial(3, "/dev/kmsg");
 * ```
 */
export function sdIsSpecial(fd: number, path?: string): boolean {
  checkFd(fd);
  const wanted = path === undefined ? undefined : cPath("path", path);
  const libc = libcFor(CONTEXT);
  const file = fstat(libc, fd);
  if (file.type !== S_IFREG && file.type !== S_IFCHR) return false;
  if (wanted === undefined) return true;
  const atPath = stat(libc, fd, wanted, true);
  if (atPath === false || atPath.type !== file.type) return false;
  return file.type === S_IFREG ? sameInode(file, atPath) : file.specialDevice === atPath.specialDevice;
}

/**
 * Mirrors sd_is_mq(3): whether `fd` is a POSIX message queue, and when `path` is given (absolute, as passed to
 * mq_open()), that queue.
 * @throws {NotifyError} As {@linkcode sdIsSocket}; with `path`, `EINVAL` when it is not absolute and the errno name
 * when `/dev/mqueue` + `path` cannot be stat()ed (`ENOENT` too, as where no mqueue file system is mounted there).
 *
 * @example
 * ```ts
 * import { sdIsMq } from "@x/systemd-watchdog";
 *
 * sdIsMq(3, "/my-service");
 * ```
 */
export function sdIsMq(fd: number, path?: string): boolean {
  checkFd(fd);
  const wanted = path === undefined ? undefined : cPath("path", path);
  const libc = libcFor(CONTEXT);
  if (libc.fcntl(fd, F_GETFD, 0) < 0) throw failed(fd, "fcntl()", libc.errno());
  if (libc.mqGetattr(fd, new Uint8Array(MQ_ATTR_SIZE)) < 0) {
    const errno = libc.errno();
    if (errno === EBADF) return false; // an open descriptor that is not a queue
    throw failed(fd, "mq_getattr()", errno);
  }
  if (wanted === undefined) return true;
  // Checked where libsystemd checks it: a descriptor that is no queue answers false whatever the path.
  if (wanted[0] !== 0x2f) {
    throw refused(CONTEXT, `path ${JSON.stringify(path)} is not absolute; pass /name`);
  }
  const atPath = stat(libc, fd, cPath("path", `/dev/mqueue${path}`), false) as FileIdentity;
  return sameInode(fstat(libc, fd), atPath);
}
