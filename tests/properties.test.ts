import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NotifyError } from "../mod.ts";
import { formatState, parseNotifyAddress } from "../advanced.ts";
import { processId } from "../src/environment.ts";
import { references } from "./support/libsystemd.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder("utf-8", { fatal: true }).decode(bytes);
const hasLoneSurrogate = (text: string) => /\p{Surrogate}/u.test(text);
/** Every code point, lone surrogates included. */
const anyText = (maxLength: number) => fc.string({ unit: "binary", maxLength });
/** Names near the 107-byte limit, with one-, two-, three- and four-byte characters. */
const nearLimit = fc.array(fc.constantFrom("a", "é", "☃", "🎉"), { minLength: 24, maxLength: 110 }).map((a) =>
  a.join("")
);

function refusal(fn: () => unknown): NotifyError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof NotifyError, `expected a NotifyError, got ${error}`);
    return error;
  }
}

describe("property: NOTIFY_SOCKET addresses", () => {
  it("round-trip: the sockaddr holds exactly the name, or the value is refused with EINVAL or ENAMETOOLONG for a reason", () => {
    fc.assert(
      fc.property(fc.constantFrom("/", "@"), fc.oneof(anyText(120), nearLimit), (prefix, rest) => {
        const text = prefix + rest;
        const name = prefix === "@" ? rest : text;
        const bytes = utf8(name);
        const refused = refusal(() => parseNotifyAddress(text));
        const tooLong = utf8(text).length >= 108; // the value and its NUL must fit in sun_path, '@' included
        const shouldRefuse = utf8(text).length < 2 || text.includes("\0") || hasLoneSurrogate(text) || tooLong;
        assert.equal(refused !== undefined, shouldRefuse, JSON.stringify(text));
        const longPath = tooLong && prefix === "/" && !text.includes("\0") && !hasLoneSurrogate(text);
        if (refused) return assert.equal(refused.code, longPath ? "ENAMETOOLONG" : "EINVAL", JSON.stringify(text));
        const { sockaddr, kind } = parseNotifyAddress(text);
        assert.deepEqual([...sockaddr.subarray(0, 2)], [1, 0]); // AF_UNIX
        if (kind === "path") {
          assert.equal(sockaddr.length, 2 + bytes.length + 1);
          assert.equal(sockaddr.at(-1), 0);
          assert.equal(decode(sockaddr.subarray(2, -1)), text);
        } else {
          assert.equal(sockaddr.length, 2 + 1 + bytes.length);
          assert.equal(sockaddr[2], 0);
          assert.equal(decode(sockaddr.subarray(3)), rest);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// Keys outside sd_notify(3)'s list, whose values systemd does not parse.
const customKey = fc.stringMatching(/^X_[A-Z0-9_]{0,12}$/);

describe("property: messages", () => {
  it("an assignment object becomes exactly its lines, or is refused for a line break, NUL or surrogate", () => {
    fc.assert(
      fc.property(fc.dictionary(customKey, anyText(40), { minKeys: 1, maxKeys: 6 }), (assignments) => {
        const values = Object.values(assignments);
        const unsafe = values.some((v) => /[\n\r\0]/.test(v) || hasLoneSurrogate(v));
        const refused = refusal(() => formatState(assignments));
        assert.equal(refused !== undefined, unsafe, JSON.stringify(assignments));
        if (refused) return assert.equal(refused.code, "EINVAL");
        const expected = Object.entries(assignments).map(([key, value]) => `${key}=${value}`);
        // systemd splits on both \n and \r (NEWLINE): it must see the same lines.
        assert.deepEqual(formatState(assignments).split(/[\n\r]/), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("a raw state is accepted only when systemd would read exactly its own KEY=value lines", () => {
    const alphabet = fc.constantFrom("A", "Z", "_", "0", "=", "x", " ", "é", "\n", "\r", "\0", "-", "a");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((a) => a.join("")), (state) => {
        const refused = refusal(() => formatState(state));
        // A CR is refused even between two valid lines: it is a line break to systemd, and
        // almost certainly part of a value to whoever wrote it.
        const lines = state.replace(/\n$/, "").split("\n");
        const clean = state !== "" && !/[\r\0]/.test(state) && lines.every((line) => /^[A-Z0-9_]+=/.test(line));
        assert.equal(refused === undefined, clean, JSON.stringify(state));
        if (refused) return assert.equal(refused.code, "EINVAL");
        // What systemd reads, splitting on \n and \r, is exactly the lines given.
        assert.deepEqual(state.replace(/\n$/, "").split(/[\n\r]/), lines);
      }),
      { numRuns: 5000 },
    );
  });
});

for (const { reference, skip } of references()) {
  describe(`property: the watchdog environment against ${reference.label}`, { skip }, () => {
    // Signs, white space, prefixes, digits of every base, and what strtoull stops at.
    const numberish = fc.array(fc.constantFrom(..." \t\n\v\f\r+-0123456789xXbBoOaAfF_.e"), { maxLength: 10 })
      .map((a) => a.join(""));
    const huge = fc.bigInt({ min: 0n, max: 1n << 70n }).map(String);
    const same = (usec: string, pid: string | undefined) => reference.assertSameWatchdogEnabled(usec, pid);

    it("reads WATCHDOG_USEC as sd_watchdog_enabled() does", () => {
      fc.assert(fc.property(fc.oneof(numberish, huge), (usec) => same(usec, undefined)), { numRuns: 3000 });
    });

    it("reads WATCHDOG_PID as sd_watchdog_enabled() does", () => {
      const pid = fc.oneof(numberish, huge, fc.constant(String(processId())), fc.integer().map(String));
      fc.assert(fc.property(fc.constantFrom("7", "0", "x"), pid, same), { numRuns: 3000 });
    });
  });
}
