import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseNotifyAddress } from "../advanced.ts";
import { notifyErrorOf } from "./support/errors.ts";

const AF_UNIX = [1, 0];
const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe("parseNotifyAddress", () => {
  const accepted: [string, "path" | "abstract", number[]][] = [
    ["/run/systemd/notify", "path", [...AF_UNIX, ...bytes("/run/systemd/notify"), 0]],

    ["@sd", "abstract", [...AF_UNIX, 0, ...bytes("sd")]],
    ["@/org/x", "abstract", [...AF_UNIX, 0, ...bytes("/org/x")]],
    ["/tmp/é.sock", "path", [...AF_UNIX, ...bytes("/tmp/é.sock"), 0]],
    ["@☃", "abstract", [...AF_UNIX, 0, 0xe2, 0x98, 0x83]],
    ["/" + "a".repeat(106), "path", [...AF_UNIX, ...bytes("/" + "a".repeat(106)), 0]],
    ["@" + "b".repeat(106), "abstract", [...AF_UNIX, 0, ...bytes("b".repeat(106))]],
  ];
  for (const [text, kind, expected] of accepted) {
    it(`encodes ${JSON.stringify(text.length > 20 ? text.slice(0, 12) + "…" : text)} (${expected.length} bytes)`, () => {
      const address = parseNotifyAddress(text);
      assert.equal(address.kind, kind);
      assert.equal(address.text, text);
      assert.deepEqual([...address.sockaddr], expected);
    });
  }

  it("sizes addrlen as libsystemd does: path + NUL, abstract without NUL or padding", () => {
    assert.equal(parseNotifyAddress("/x").sockaddr.length, 2 + 2 + 1);
    assert.equal(parseNotifyAddress("@x").sockaddr.length, 2 + 1 + 1);
    assert.equal(parseNotifyAddress("/" + "a".repeat(106)).sockaddr.length, 110);
    assert.equal(parseNotifyAddress("@" + "a".repeat(106)).sockaddr.length, 109);
  });

  const refused: [string, string, RegExp][] = [
    ["", "EINVAL", /is too short/],
    ["/", "EINVAL", /is too short/],
    ["@", "EINVAL", /is too short/],
    ["run/notify", "EINVAL", /relative path/],
    ["./notify", "EINVAL", /relative path/],
    ["/" + "a".repeat(107), "ENAMETOOLONG", /108 bytes long, more than the 107/],
    ["@" + "a".repeat(107), "EINVAL", /108 bytes long, more than the 107/],
    ["/tmp/" + "é".repeat(52), "ENAMETOOLONG", /109 bytes long/],
    ["/tmp/a\0b", "EINVAL", /NUL/],
    ["/tmp/\ud800", "EINVAL", /not valid Unicode/],
    ["vsock:2:1234", "EAFNOSUPPORT", /AF_VSOCK.*not support/],
    ["vsock-stream:2:1234", "EAFNOSUPPORT", /AF_VSOCK/],
  ];
  for (const [text, code, message] of refused) {
    it(`refuses ${JSON.stringify(text.length > 20 ? text.slice(0, 12) + "…" : text)} with ${code}`, () => {
      const error = notifyErrorOf(() => parseNotifyAddress(text));
      assert.equal(error.code, code);
      assert.match(error.message, /^Cannot send notification: NOTIFY_SOCKET=/);
      assert.match(error.message, message);
    });
  }
});
