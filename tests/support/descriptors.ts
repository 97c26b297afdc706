/**
 * Descriptors of every kind the descriptor checks tell apart, made through libc (so that each is a real descriptor
 * number on every runtime): Unix sockets of each type, bound to a path, an abstract name or nothing, listening or
 * not; TCP and UDP on IPv4 and IPv6; a FIFO, a regular file, /dev/null, a message queue, and numbers no descriptor has.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ffi } from "../../ffi/runtime.ts";

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  // open() and mq_open() are variadic; the int and pointer passed last travel as fixed ones on x86_64 and aarch64.
  open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  mkfifo: { parameters: ["buffer", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
} as const;
const MQ_SYMBOLS = {
  mq_open: { parameters: ["buffer", "i32", "u32", "u64"], result: "i32" },
  mq_unlink: { parameters: ["buffer"], result: "i32" },
} as const;

const cString = (text: string) => new TextEncoder().encode(text + "\0");
const O_RDONLY = 0, O_RDWR = 2, O_NONBLOCK = 0o4000, O_CREAT = 0o100, O_EXCL = 0o200, O_PATH = 0o10000000;
const TYPES = { stream: 1, dgram: 2, seqpacket: 5 } as const;

/** One descriptor and what it is. */
export interface Descriptor {
  label: string;
  fd: number;
  /** The port an IPv4 or IPv6 socket is bound to. */
  port?: number;
  /** The path, or `@name`, a Unix socket is bound to; the path of a FIFO or file. */
  path?: string;
}

/** Makes the descriptors; `close()` closes them and removes what they left on disk. */
export class Descriptors implements Disposable {
  readonly all: Descriptor[] = [];
  readonly #libc = ffi.open(["libc.so.6"], SYMBOLS);
  readonly #dir = mkdtempSync(join(tmpdir(), "sdw-descriptors-"));
  readonly #queues: string[] = [];
  readonly #extraPaths: string[] = [];

  constructor() {
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    for (const [type, number] of Object.entries(TYPES)) {
      const listens = type !== "dgram";
      this.#unix(`unix ${type}, unnamed`, number, undefined, false);
      this.#unix(`unix ${type} at a path`, number, join(this.#dir, `${type}.sock`), false);
      this.#unix(`unix ${type} with an abstract name`, number, `@sdw-${id}-${type}`, false);
      if (listens) {
        this.#unix(`unix ${type} at a path, listening`, number, join(this.#dir, `${type}-l.sock`), true);
        this.#unix(`unix ${type} with an abstract name, listening`, number, `@sdw-${id}-${type}-l`, true);
      }
    }
    for (const [family, number, address] of [["IPv4", 2, "127.0.0.1"], ["IPv6", 10, "::1"]] as const) {
      this.#inet(`TCP over ${family}, listening`, number, 1, address, true);
      this.#inet(`TCP over ${family}, bound, not listening`, number, 1, address, false);
      this.#inet(`UDP over ${family}`, number, 2, address, false);
      this.#add(`TCP over ${family}, unbound`, this.#libc.socket(number, 1, 0));
    }
    const fifo = join(this.#dir, "fifo");
    this.#check(this.#libc.mkfifo(cString(fifo), 0o600), "mkfifo");
    this.#add("a FIFO", this.#libc.open(cString(fifo), O_RDWR | O_NONBLOCK, 0), fifo);
    const file = join(this.#dir, "file");
    writeFileSync(file, "x");
    this.#add("a regular file", this.#libc.open(cString(file), O_RDONLY, 0), file);
    this.#add("/dev/null", this.#libc.open(cString("/dev/null"), O_RDWR, 0), "/dev/null");
    for (const path of [fifo, file, "/dev/null", join(this.#dir, "stream.sock")]) {
      this.#add(`an O_PATH descriptor of ${path}`, this.#libc.open(cString(path), O_PATH, 0));
    }
    this.#add("a directory", this.#libc.open(cString(this.#dir), O_RDONLY, 0), this.#dir);
    // Other names for the same files: a symbolic link, a hard link, and (as root) another node of /dev/null's device.
    symlinkSync(fifo, join(this.#dir, "fifo-link"));
    linkSync(file, join(this.#dir, "file-link"));
    this.#extraPaths.push(join(this.#dir, "fifo-link"), join(this.#dir, "file-link"), join(this.#dir, "sub"));
    if (spawnSync("mknod", [join(this.#dir, "null-node"), "c", "1", "3"]).status === 0) {
      this.#extraPaths.push(join(this.#dir, "null-node"));
    }
    const queue = `/sdw-${id}`;
    try {
      const mq = ffi.open(["libc.so.6", "librt.so.1"], MQ_SYMBOLS);
      const fd = mq.mq_open(cString(queue), O_RDWR | O_CREAT | O_EXCL, 0o600, 0n);
      if (fd >= 0) {
        this.#queues.push(queue);
        this.#add("a message queue", fd, queue);
      }
    } catch {
      // No message queues here: the checks of the others still run.
    }
    this.all.push({ label: "a number no descriptor has", fd: 999_999 }, { label: "-1", fd: -1 });
  }

  /** The paths (and names) worth asking about: each descriptor's own, and some that are not. */
  get paths(): string[] {
    const own = this.all.map(({ path }) => path).filter((path): path is string => path !== undefined);
    // A bound path one character short or long, which must not match it.
    const near = own.filter((path) => path.endsWith(".sock")).flatMap((path) => [path.slice(0, -1), `${path}x`]);
    return [...own, ...near, ...this.#extraPaths, "", "@", "/nonexistent", "/dev/null/x", "relative"];
  }

  #check(result: number, what: string): number {
    if (result < 0) throw new Error(`${what} failed`);
    return result;
  }

  #add(label: string, fd: number, path?: string, port?: number): void {
    this.#check(fd, label);
    this.all.push({ label, fd, path, port });
  }

  #unix(label: string, type: number, path: string | undefined, listening: boolean): void {
    const fd = this.#check(this.#libc.socket(1, type, 0), label);
    if (path !== undefined) {
      const name = path.startsWith("@") ? new TextEncoder().encode(`\0${path.slice(1)}`) : cString(path);
      const address = new Uint8Array(2 + name.length);
      address[0] = 1;
      address.set(name, 2);
      this.#check(this.#libc.bind(fd, address, address.length), `bind ${label}`);
    }
    if (listening) this.#check(this.#libc.listen(fd, 1), `listen ${label}`);
    this.all.push({ label, fd, path });
  }

  #inet(label: string, family: number, type: number, address: string, listening: boolean): void {
    const fd = this.#check(this.#libc.socket(family, type, 0), label);
    const sockaddr = new Uint8Array(family === 2 ? 16 : 28);
    sockaddr[0] = family;
    if (family === 2) sockaddr.set([127, 0, 0, 1], 4);
    else sockaddr[8 + 15] = 1; // ::1
    this.#check(this.#libc.bind(fd, sockaddr, sockaddr.length), `bind ${label} to ${address}`);
    if (listening) this.#check(this.#libc.listen(fd, 1), `listen ${label}`);
    const length = new Uint32Array([sockaddr.length]);
    this.#check(this.#libc.getsockname(fd, sockaddr, new Uint8Array(length.buffer)), "getsockname");
    this.all.push({ label, fd, port: (sockaddr[2] << 8) | sockaddr[3] });
  }

  close(): void {
    for (const { fd } of this.all) if (fd >= 0 && fd !== 999_999) this.#libc.close(fd);
    if (this.#queues.length > 0) {
      const mq = ffi.open(["libc.so.6", "librt.so.1"], MQ_SYMBOLS);
      for (const queue of this.#queues) mq.mq_unlink(cString(queue));
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
