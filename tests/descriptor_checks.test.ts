import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  sdBooted,
  sdIsFifo,
  sdIsMq,
  sdIsSocket,
  sdIsSocketInet,
  sdIsSocketUnix,
  sdIsSpecial,
  type SocketFamily,
  type SocketType,
} from "../mod.ts";
import { openLibc } from "../ffi/libc_symbols.ts";
import { ffi } from "../ffi/runtime.ts";
import type { Ffi } from "../ffi/types.ts";
import { NotifyError } from "../src/error.ts";
import { skipUnless } from "./support/ci.ts";
import { type Descriptor, Descriptors } from "./support/descriptors.ts";
import { type Reference, references } from "./support/libsystemd.ts";

const FAMILIES = { unix: 1, inet: 2, inet6: 10 } as const;
const TYPES = { stream: 1, dgram: 2, seqpacket: 5 } as const;
const LISTENING = [undefined, true, false] as const;
const encoder = new TextEncoder();

/** What a check of ours answers: "true", "false", or the error's code. */
function ours(check: () => boolean): string {
  try {
    return String(check());
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const listeningOf = (listening: boolean | undefined) => listening === undefined ? -1 : Number(listening);
const cPath = (path: string | undefined) => path === undefined ? null : encoder.encode(path + "\0");

/** Every answer of ours that differs from the reference's, one line each. */
function differences(cases: Iterable<[string, string, string]>): string[] {
  return [...cases].filter(([, a, b]) => a !== b).map(([what, a, b]) => `${what}: ours ${a}, libsystemd ${b}`);
}

function* socketCases(reference: Reference, all: Descriptor[]): Generator<[string, string, string]> {
  for (const { label, fd } of all) {
    for (const family of [undefined, ...Object.keys(FAMILIES)] as (SocketFamily | undefined)[]) {
      for (const type of [undefined, ...Object.keys(TYPES)] as (SocketType | undefined)[]) {
        for (const listening of LISTENING) {
          const options = { family, type, listening };
          yield [
            `${label} ${JSON.stringify(options)}`,
            ours(() => sdIsSocket(fd, options)),
            reference.isKind(
              "sd_is_socket",
              fd,
              family ? FAMILIES[family] : 0,
              type ? TYPES[type] : 0,
              listeningOf(listening),
            ),
          ];
        }
      }
    }
  }
}

function* inetCases(reference: Reference, all: Descriptor[]): Generator<[string, string, string]> {
  const ports = [undefined, ...new Set(all.map(({ port }) => port).filter((port) => port !== undefined)), 1];
  for (const { label, fd } of all) {
    for (const family of [undefined, "inet", "inet6"] as const) {
      for (const type of [undefined, ...Object.keys(TYPES)] as (SocketType | undefined)[]) {
        for (const listening of LISTENING) {
          for (const port of ports) {
            const options = { family, type, listening, port };
            yield [
              `${label} ${JSON.stringify(options)}`,
              ours(() => sdIsSocketInet(fd, options)),
              reference.isKind(
                "sd_is_socket_inet",
                fd,
                family ? FAMILIES[family] : 0,
                type ? TYPES[type] : 0,
                listeningOf(listening),
                port ?? 0,
              ),
            ];
          }
        }
      }
    }
  }
}

function* unixCases(reference: Reference, all: Descriptor[], paths: string[]): Generator<[string, string, string]> {
  for (const { label, fd } of all) {
    for (const type of [undefined, ...Object.keys(TYPES)] as (SocketType | undefined)[]) {
      for (const listening of LISTENING) {
        for (const path of [undefined, ...paths]) {
          const options = { type, listening, path };
          // libsystemd takes an abstract name as its bytes after a NUL, with their length.
          const abstract = path?.startsWith("@") ? encoder.encode(`\0${path.slice(1)}`) : undefined;
          yield [
            `${label} ${JSON.stringify(options)}`,
            ours(() => sdIsSocketUnix(fd, options)),
            reference.isKind(
              "sd_is_socket_unix",
              fd,
              type ? TYPES[type] : 0,
              listeningOf(listening),
              abstract ?? cPath(path),
              BigInt(abstract?.length ?? 0),
            ),
          ];
        }
      }
    }
  }
}

function* pathCases(
  reference: Reference,
  all: Descriptor[],
  paths: (string | undefined)[],
  name: "sd_is_fifo" | "sd_is_special" | "sd_is_mq",
  check: (fd: number, path?: string) => boolean,
): Generator<[string, string, string]> {
  for (const { label, fd } of all) {
    for (const path of paths) {
      yield [`${label}, ${JSON.stringify(path)}`, ours(() => check(fd, path)), reference.isKind(name, fd, cPath(path))];
    }
  }
}

describe("descriptor checks, against libsystemd", () => {
  for (const { reference, skip } of references()) {
    describe(reference.label, { skip }, () => {
      it("sdBooted() answers as sd_booted()", () => {
        assert.equal(ours(sdBooted), reference.booted());
      });

      it("sdIsSocket() answers as sd_is_socket() for every descriptor and every family, type and listening", () => {
        using descriptors = new Descriptors();
        assert.deepEqual(differences(socketCases(reference, descriptors.all)), []);
      });

      it("sdIsSocketInet() answers as sd_is_socket_inet(), by family, type, listening and port", () => {
        using descriptors = new Descriptors();
        assert.deepEqual(differences(inetCases(reference, descriptors.all)), []);
      });

      it("sdIsSocketUnix() answers as sd_is_socket_unix(), by type, listening and path (abstract and unnamed too)", () => {
        using descriptors = new Descriptors();
        assert.deepEqual(differences(unixCases(reference, descriptors.all, descriptors.paths)), []);
      });

      it("sdIsFifo(), sdIsSpecial() and sdIsMq() answer as sd_is_fifo(), sd_is_special() and sd_is_mq()", () => {
        using descriptors = new Descriptors();
        const paths = [undefined, ...descriptors.paths];
        assert.deepEqual(differences(pathCases(reference, descriptors.all, paths, "sd_is_fifo", sdIsFifo)), []);
        assert.deepEqual(differences(pathCases(reference, descriptors.all, paths, "sd_is_special", sdIsSpecial)), []);
        assert.deepEqual(differences(pathCases(reference, descriptors.all, paths, "sd_is_mq", sdIsMq)), []);
      });
    });
  }
});

/** Whether this system lets a test make a message queue. */
function queuesWork(): boolean {
  using descriptors = new Descriptors();
  return descriptors.all.some(({ label }) => label === "a message queue");
}

describe("descriptor checks, on what they are given", () => {
  const noQueues = skipUnless(queuesWork(), "this system lets no test make a message queue (mq_open)");

  it("tell the descriptors apart: a listening TCP socket, a Unix datagram socket, a FIFO, /dev/null", () => {
    using descriptors = new Descriptors();
    const find = (label: string) => descriptors.all.find((d) => d.label === label)!;
    const tcp = find("TCP over IPv4, listening");
    assert.equal(sdIsSocketInet(tcp.fd, { type: "stream", listening: true, port: tcp.port }), true);
    assert.equal(sdIsSocketInet(tcp.fd, { family: "inet6" }), false);
    assert.equal(sdIsSocket(find("unix dgram at a path").fd, { family: "unix", type: "dgram" }), true);
    assert.equal(sdIsFifo(find("a FIFO").fd), true);
    assert.equal(sdIsSpecial(find("/dev/null").fd, "/dev/null"), true);
    assert.equal(sdIsSocket(find("/dev/null").fd), false);
  });

  it("a message queue is one; a file is not", { skip: noQueues }, () => {
    using descriptors = new Descriptors();
    const queue = descriptors.all.find(({ label }) => label === "a message queue")!;
    assert.equal(sdIsMq(queue.fd), true);
    assert.equal(sdIsMq(descriptors.all.find(({ label }) => label === "a regular file")!.fd), false);
  });

  it("throws EBADF for a descriptor that is not open, and for a negative one", () => {
    for (const fd of [999_999, -1]) {
      assert.throws(() => sdIsSocket(fd), { name: "NotifyError", code: "EBADF" });
      assert.throws(() => sdIsFifo(fd), { name: "NotifyError", code: "EBADF" });
      assert.throws(() => sdIsMq(fd), { name: "NotifyError", code: "EBADF" });
    }
  });

  it("refuses bad input with EINVAL and a message that says what to pass", () => {
    const refusals: [() => boolean, RegExp][] = [
      [() => sdIsSocket(3.5), /^Cannot check file descriptor: 3\.5 is not an integer$/],
      [() => sdIsSocket(0, { family: "ipx" as SocketFamily }), /family is "ipx"; pass unix, inet, inet6/],
      [() => sdIsSocket(0, { type: "raw" as SocketType }), /type is "raw"; pass stream, dgram, seqpacket/],
      [() => sdIsSocket(0, { listening: 1 as unknown as boolean }), /listening is 1 \(a number\); pass true or false/],
      [() => sdIsSocketInet(0, { family: "unix" as "inet" }), /family is "unix"; pass inet, inet6/],
      [
        () => sdIsSocketInet(0, { port: 0 }),
        /port is 0; pass an integer from 1 to 65535, or leave port out to match any$/,
      ],
      [() => sdIsSocketInet(0, { port: 65536 }), /port is 65536/],
      [() => sdIsSocketInet(0, { port: "8080" as unknown as number }), /port is "8080" \(a string\)/],
      [
        () => sdIsSocket("3" as unknown as number),
        /^Cannot check file descriptor: "3" \(a string\) is not an integer$/,
      ],
      [() => sdIsSocketUnix(0, { path: "/a\0b" }), /path "\/a\\u0000b" is not a path without NUL bytes/],
      [() => sdIsFifo(0, "/a\0b"), /is not a path without NUL bytes/],
      [() => sdIsFifo(0, 42 as unknown as string), /path 42 \(a number\) is not a path without NUL bytes/],
    ];
    for (const [check, message] of refusals) assert.throws(check, { name: "NotifyError", code: "EINVAL", message });
  });

  it("sdIsMq() refuses a relative path for a queue, as libsystemd does", { skip: noQueues }, () => {
    using descriptors = new Descriptors();
    const queue = descriptors.all.find(({ label }) => label === "a message queue")!;
    assert.throws(() => sdIsMq(queue.fd, "relative"), { code: "EINVAL", message: /is not absolute; pass \/name/ });
  });

  it("stat()s through syscall() where the C library has no statx() (musl before 1.2.5), with the same answers", () => {
    const noStatx: Ffi = {
      ...ffi,
      open: (names, symbols) => {
        if ("statx" in symbols) throw new NotifyError("ENOSYS", "no statx() in this C library");
        return ffi.open(names, symbols);
      },
    };
    const [wrapper, fallback] = [openLibc(ffi), openLibc(noStatx)];
    const statOf = (libc: typeof wrapper, path: string) => {
      const buffer = new Uint8Array(256);
      const result = libc.statx(-100, encoder.encode(path + "\0"), 0, 0x7ff, buffer);
      const errno = result < 0 ? libc.errno() : 0;
      // mode, inode and device numbers: what the checks read.
      return {
        result,
        errno,
        mode: [...buffer.slice(28, 30)],
        ino: [...buffer.slice(32, 40)],
        rdev: [...buffer.slice(128, 144)],
      };
    };
    for (const path of ["/dev/null", "/tmp", "/nonexistent"]) {
      assert.deepEqual(statOf(fallback, path), statOf(wrapper, path), path);
    }
    assert.equal(statOf(fallback, "/nonexistent").errno, 2);
  });
});
