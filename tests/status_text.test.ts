import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { watchdog } from "../mod.ts";
import { formatState, MAX_DATAGRAM_BYTES } from "../advanced.ts";
import { statusText } from "../src/status_line.ts";
import { Receiver, uniqueAddress } from "./support/receiver.ts";

const utf8 = (text: string) => new TextEncoder().encode(text).length;
const ROOM = MAX_DATAGRAM_BYTES - "STATUS=".length;

describe("status(text) never throws for its text", () => {
  const cases: [string, string, string][] = [
    [
      "line breaks become spaces",
      "Failed: ENOENT\nat open()\r\nretrying\rnow",
      "Failed: ENOENT at open() retrying now",
    ],
    ["tabs become spaces", "a\tb", "a b"],
    ["NUL and other control characters are removed", "a\0b\x07c\x1bd\x7fe\x85f", "abcdef"],
    ["lone surrogates become U+FFFD", "bad \uD800 pair \uDC00", "bad \uFFFD pair \uFFFD"],
    ["what would be a second assignment stays in the status", "ok\nWATCHDOG=trigger", "ok WATCHDOG=trigger"],
    ["printable text is sent as is", "Grüße ☃ 🎉", "Grüße ☃ 🎉"],
    ["the empty text is sent as is (it clears the status)", "", ""],
  ];
  for (const [what, text, sent] of cases) {
    it(`${what}: ${JSON.stringify(text)} is sent as ${JSON.stringify(sent)}`, () => {
      using receiver = new Receiver(uniqueAddress("abstract"));
      using wd = watchdog({ env: receiver.env });
      assert.equal(wd.status(text), true);
      assert.deepEqual(receiver.drain(), [`STATUS=${sent}`]);
    });
  }

  it("cuts text too long for one datagram at a character boundary, ending with an ellipsis", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using wd = watchdog({ env: receiver.env });
    const exact = "a".repeat(ROOM);
    wd.status(exact); // exactly 4096 bytes: sent whole
    wd.status(exact + "b");
    wd.status("🎉".repeat(2000)); // 4-byte characters: the cut never splits one
    const [whole, cut, emoji] = receiver.drain();
    assert.equal(whole, `STATUS=${exact}`);
    assert.equal(cut, `STATUS=${"a".repeat(ROOM - 3)}…`);
    assert.equal(utf8(cut), MAX_DATAGRAM_BYTES);
    assert.match(emoji, /^STATUS=(🎉)+…$/u);
    assert.ok(utf8(emoji) <= MAX_DATAGRAM_BYTES && utf8(emoji) > MAX_DATAGRAM_BYTES - 4, String(utf8(emoji)));
  });

  it("takes a value that is not a string, as a careless caller may pass an Error, a bigint or worse", () => {
    using receiver = new Receiver(uniqueAddress("abstract"));
    using wd = watchdog({ env: receiver.env });
    const noStringForm = Object.create(null);
    for (const value of [new Error("disk full\nretry"), 12n, { jobs: 3 }, noStringForm, undefined]) {
      assert.equal(wd.status(value as unknown as string), true);
    }
    assert.deepEqual(receiver.drain(), [
      "STATUS=disk full retry",
      "STATUS=12",
      'STATUS={"jobs":3}',
      "STATUS={}",
      "STATUS=undefined",
    ]);
  });

  it("turns any string into a status line that sdNotify's strict check accepts, within 4096 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 3000 }), (text) => {
        const line = `STATUS=${statusText(text)}`;
        assert.equal(formatState(line), line);
        assert.ok(utf8(line) <= MAX_DATAGRAM_BYTES);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the strict check for send({ STATUS }): a line break is refused with EINVAL", () => {
    using wd = watchdog({ env: {} });
    assert.throws(() => wd.send({ STATUS: "a\nb" }), { code: "EINVAL" });
  });
});
