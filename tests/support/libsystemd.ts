/**
 * The reference implementations: the installed libsystemd.so.0 (systemd 252 on our machines) and the
 * one from bookworm-backports (254) that scripts/fetch_systemd.sh unpacks, each loaded through the
 * package's own FFI so that tests can compare its answers with ours.
 *
 * @module
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { ffi } from "../../ffi/runtime.ts";
import { errnoName } from "../../src/errno.ts";
import { readWatchdogEnvironment, sdWatchdogEnabled } from "../../src/watchdog_enabled.ts";
import { MULTIARCH } from "./arch.ts";
import { skipUnless } from "./ci.ts";
import { codeOf } from "./errors.ts";

const encoder = new TextEncoder();
const cString = (text: string) => encoder.encode(text + "\0");
const backports = fileURLToPath(new URL("../../.cache/systemd-backports/", import.meta.url));

const SYMBOLS = {
  sd_watchdog_enabled: { parameters: ["i32", "buffer"], result: "i32" },
  sd_notify: { parameters: ["i32", "buffer"], result: "i32" },
  sd_listen_fds: { parameters: ["i32"], result: "i32" },
  sd_booted: { parameters: [], result: "i32" },
  sd_is_socket: { parameters: ["i32", "i32", "i32", "i32"], result: "i32" },
  // uint16_t port, passed in a 32-bit register; paths as addresses (u64), so that 0 is NULL.
  sd_is_socket_inet: { parameters: ["i32", "i32", "i32", "i32", "u32"], result: "i32" },
  sd_is_socket_unix: { parameters: ["i32", "i32", "i32", "u64", "u64"], result: "i32" },
  sd_is_fifo: { parameters: ["i32", "u64"], result: "i32" },
  sd_is_special: { parameters: ["i32", "u64"], result: "i32" },
  sd_is_mq: { parameters: ["i32", "u64"], result: "i32" },
} as const;

/** A libsystemd result as the tests compare it: "true", "false", or the errno name. */
function answer(result: number): string {
  return result > 0 ? "true" : result === 0 ? "false" : errnoName(-result);
}

/** One libsystemd.so.0 to compare with. */
export class Reference {
  /** "libsystemd 252 (installed)", say. */
  readonly label: string;
  /** The systemd version it belongs to. */
  readonly version: number;
  readonly #path: string;
  #symbols: ReturnType<typeof ffi.open<typeof SYMBOLS>> | undefined;

  constructor(label: string, version: number, path: string) {
    this.label = label;
    this.version = version;
    this.#path = path;
  }

  /** The library's path, or its name for the installed one. */
  get path(): string {
    return this.#path;
  }

  get #sd() {
    return this.#symbols ??= ffi.open([this.#path], SYMBOLS);
  }

  /** sd_watchdog_enabled(0, &usec): its return value and the interval. */
  watchdogEnabled(): { result: number; usec: bigint } {
    const usec = new BigUint64Array(1);
    const result = this.#sd.sd_watchdog_enabled(0, new Uint8Array(usec.buffer));
    return { result, usec: usec[0] };
  }

  /** sd_notify(0, state): its return value. */
  notify(state: string): number {
    return this.#sd.sd_notify(0, cString(state));
  }

  /** sd_listen_fds(0): the count, or a negative errno. */
  listenFds(): number {
    return this.#sd.sd_listen_fds(0);
  }

  /** sd_booted(), as "true", "false" or the errno name. */
  booted(): string {
    return answer(this.#sd.sd_booted());
  }

  /**
   * The descriptor check `name` (sd_is_socket, ...) with C arguments: numbers as they are, a string as a pointer to
   * its bytes, NUL-terminated, `null` as NULL; as "true", "false" or the errno name.
   */
  isKind(
    name: "sd_is_socket" | "sd_is_socket_inet" | "sd_is_socket_unix" | "sd_is_fifo" | "sd_is_special" | "sd_is_mq",
    ...args: (number | bigint | Uint8Array | null)[]
  ): string {
    const c = args.map((arg) =>
      typeof arg === "number" || typeof arg === "bigint" ? arg : arg === null ? 0n : ffi.addressOf(arg)
    );
    return answer((this.#sd[name] as (...c: unknown[]) => number)(...c));
  }

  /**
   * Asserts that this package reads WATCHDOG_USEC and WATCHDOG_PID (`undefined`: unset) exactly as
   * this libsystemd's sd_watchdog_enabled() does: the same interval, or the same errno.
   */
  assertSameWatchdogEnabled(usec: string, pid: string | undefined): void {
    setCEnv("WATCHDOG_USEC", usec);
    setCEnv("WATCHDOG_PID", pid);
    const reference = this.watchdogEnabled();
    // Unset again at once: child processes of the test runner inherit the C environment.
    setCEnv("WATCHDOG_USEC", undefined);
    setCEnv("WATCHDOG_PID", undefined);
    const env = { WATCHDOG_USEC: usec, WATCHDOG_PID: pid };
    const label = `${this.label}: ${JSON.stringify(env)}`;
    if (reference.result < 0) {
      assert.equal(codeOf(() => sdWatchdogEnabled({ env })), errnoName(-reference.result), label);
    } else {
      const expected = reference.result === 1 ? reference.usec : 0n;
      const state = readWatchdogEnvironment({ env });
      assert.equal(state.enabled ? state.usec : 0n, expected, label);
    }
  }
}

/** The installed systemd's version, from `systemctl --version` (0 when there is none). */
function installedVersion(): number {
  const output = spawnSync("systemctl", ["--version"]).stdout?.toString() ?? "";
  return Number(/^systemd (\d+)/.exec(output)?.[1] ?? 0);
}

/** Why a reference cannot be loaded, or `undefined` when it can. */
function whyNot(path: string): string | undefined {
  try {
    ffi.open([path], SYMBOLS);
    return undefined;
  } catch (error) {
    return `cannot load ${path}: ${(error as Error).message}`;
  }
}

/**
 * The references, each with the `skip` option for a suite that compares with it: `false` when it
 * loads, the reason when it does not (an error in CI, where every comparison must run).
 */
export function references(): { reference: Reference; skip: string | false }[] {
  // Not under emulation (tests/aarch64.test.ts): qemu's arm64 library tree has no libsystemd, and that run
  // covers what FFI does differently there. Natively, on x86_64 or aarch64, both compare.
  if (process.env.SDW_EMULATOR) return [];

  const backportsVersion = existsSync(`${backports}version`) ? Number(readFileSync(`${backports}version`, "utf8")) : 0;
  const backportsPath = `${backports}root/usr/lib/${MULTIARCH}/libsystemd.so.0`;
  const list = [
    {
      reference: new Reference(`libsystemd ${installedVersion()} (installed)`, installedVersion(), "libsystemd.so.0"),
      why: whyNot("libsystemd.so.0"),
    },
    {
      reference: new Reference(
        `libsystemd ${backportsVersion || "?"} (bookworm-backports)`,
        backportsVersion,
        backportsPath,
      ),
      why: existsSync(backportsPath)
        ? whyNot(backportsPath)
        : "systemd from bookworm-backports is not unpacked (scripts/fetch_systemd.sh, which npm test runs)",
    },
  ];
  return list.map(({ reference, why }) => ({
    reference,
    skip: skipUnless(why === undefined, `${reference.label} is no reference here: ${why}`),
  }));
}

let libc: ReturnType<typeof openLibc> | undefined;
function openLibc() {
  return ffi.open(
    ["libc.so.6"],
    {
      setenv: { parameters: ["buffer", "buffer", "i32"], result: "i32" },
      unsetenv: { parameters: ["buffer"], result: "i32" },
    } as const,
  );
}

/** Sets (or, with `undefined`, unsets) a variable in the C environment libsystemd reads. */
export function setCEnv(name: string, value: string | undefined): void {
  libc ??= openLibc();
  if (value === undefined) libc.unsetenv(cString(name));
  else libc.setenv(cString(name), cString(value), 1);
}
