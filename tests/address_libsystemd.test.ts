import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sdNotify } from "../mod.ts";
import { errnoName } from "../src/errno.ts";
import { type Reference, references, setCEnv } from "./support/libsystemd.ts";

/** What sending READY=1 to `address` gives: "sent", or the errno name. */
function ours(address: string): string {
  try {
    return sdNotify("READY=1", { env: { NOTIFY_SOCKET: address } }) ? "sent" : "not sent";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

/** The same through a libsystemd's own sd_notify(), which reads the C environment. */
function theirs(reference: Reference, address: string): string {
  setCEnv("NOTIFY_SOCKET", address);
  try {
    const result = reference.notify("READY=1");
    return result > 0 ? "sent" : result === 0 ? "not sent" : errnoName(-result);
  } finally {
    setCEnv("NOTIFY_SOCKET", undefined);
  }
}

/**
 * What `reference` should answer where this package follows libsystemd 252: from 253 on, a value that
 * is neither a path nor `@name` (the empty one too) is read as a vsock address, and what cannot be one is
 * refused with EPROTO instead of EINVAL.
 */
function expectedOf(reference: Reference, address: string, ours: string): string {
  const vsockCandidate = reference.version >= 253 && !/^[/@]/.test(address);
  return vsockCandidate && ours === "EINVAL" ? "EPROTO" : ours;
}

const a = (n: number) => "a".repeat(n);

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
  ["vsock without a colon: a relative value", "vsocket/x"],
];

for (const { reference, skip } of references()) {
  describe(`NOTIFY_SOCKET read as ${reference.label}'s sd_notify() reads it (252's rules)`, { skip }, () => {
    for (const [what, address] of edges) {
      it(`${what}: the same outcome`, () => {
        const own = ours(address);
        assert.equal(theirs(reference, address), expectedOf(reference, address, own), JSON.stringify(address));
      });
    }

    it("random values: the same outcome (fast-check, 500 runs)", () => {
      const piece = fc.constantFrom("/", "@", "a", "é", "☃", ".", " ", "x", "\t", ":");
      const value = fc.oneof(
        fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
        fc.tuple(fc.constantFrom("/", "@"), fc.integer({ min: 100, max: 112 }), fc.array(piece, { maxLength: 3 }))
          .map(([first, n, tail]) => first + a(n - 1 - tail.join("").length) + tail.join("")),
      ).filter((text) => !/^vsock(-stream|-dgram|-seqpacket)?:/.test(text)); // 253+ syntax: EAFNOSUPPORT (README)
      fc.assert(
        fc.property(value, (address) => {
          const own = ours(address);
          assert.equal(theirs(reference, address), expectedOf(reference, address, own), JSON.stringify(address));
        }),
        { numRuns: 500 },
      );
    });

    it("vsock: addresses differ on purpose: this package says EAFNOSUPPORT", () => {
      assert.equal(ours("vsock:2:1234"), "EAFNOSUPPORT");
      // 252 does not know the form (EINVAL); 253+ tries AF_VSOCK, which this machine may lack.
      assert.notEqual(theirs(reference, "vsock:2:1234"), "sent");
    });
  });
}
