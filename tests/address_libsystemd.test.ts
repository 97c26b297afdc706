import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sdNotify } from "../mod.ts";
import { errnoName } from "../src/errno.ts";
import { skipUnless } from "./support/ci.ts";
import { hasLibsystemd, referenceNotify, setCEnv } from "./support/libsystemd.ts";

/** What sending READY=1 to `address` gives: "sent", or the errno name. */
function ours(address: string): string {
  try {
    return sdNotify("READY=1", { env: { NOTIFY_SOCKET: address } }) ? "sent" : "not sent";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

/** The same through libsystemd's own sd_notify(), which reads the C environment. */
function libsystemds(address: string): string {
  setCEnv("NOTIFY_SOCKET", address);
  try {
    const result = referenceNotify("READY=1");
    return result > 0 ? "sent" : result === 0 ? "not sent" : errnoName(-result);
  } finally {
    setCEnv("NOTIFY_SOCKET", undefined);
  }
}

const a = (n: number) => "a".repeat(n);

describe("NOTIFY_SOCKET read as libsystemd 252's sd_notify() reads it", {
  skip: skipUnless(hasLibsystemd(), "libsystemd.so.0 is not installed, so there is no reference to compare with"),
}, () => {
  const edges: [string, string][] = [
    ["empty", ""],
    ["/ alone", "/"],
    ["// (the root directory)", "//"],
    ["@ alone", "@"],
    ["one character", "x"],
    ["relative", "run/notify"],
    ["./relative", "./notify"],
    ["a space first", " /x"],
    ["a directory", "/tmp"],
    ["a path of 107 bytes", `/${a(106)}`],
    ["a path of 108 bytes", `/${a(107)}`],
    ["a path of 109 bytes", `/${a(108)}`],
    ["a path of 108 bytes with a 2-byte character", `/é${a(105)}`],
    ["a path of 107 bytes with a 2-byte character", `/é${a(104)}`],
    ["@ and 106 bytes", `@${a(106)}`],
    ["@ and 107 bytes", `@${a(107)}`],
    ["@ and 108 bytes", `@${a(108)}`],
    ["an abstract name with odd characters", "@ x\t/é☃:="],
    ["a path with odd characters", "/tmp/ x\t:=☃"],
  ];
  for (const [what, address] of edges) {
    it(`${what}: the same outcome`, () => {
      assert.equal(ours(address), libsystemds(address), JSON.stringify(address));
    });
  }

  it("random values: the same outcome (fast-check, 500 runs)", () => {
    const piece = fc.constantFrom("/", "@", "a", "é", "☃", ".", " ", "x", "\t", ":");
    const value = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      fc.tuple(fc.constantFrom("/", "@"), fc.integer({ min: 100, max: 112 }), fc.array(piece, { maxLength: 3 }))
        .map(([first, n, tail]) => first + a(n - 1 - tail.join("").length) + tail.join("")),
    ).filter((text) => !text.startsWith("vsock")); // systemd 253+ syntax, refused differently on purpose (README)
    fc.assert(
      fc.property(value, (address) => assert.equal(ours(address), libsystemds(address), JSON.stringify(address))),
      {
        numRuns: 500,
      },
    );
  });

  it("vsock: addresses differ on purpose: libsystemd 252 says EINVAL, this package EAFNOSUPPORT", () => {
    assert.equal(libsystemds("vsock:2:1234"), "EINVAL");
    assert.equal(ours("vsock:2:1234"), "EAFNOSUPPORT");
  });
});
