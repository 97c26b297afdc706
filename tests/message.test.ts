import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { NotifyState } from "../mod.ts";
import { encodeState, formatState, MAX_DATAGRAM_BYTES } from "../advanced.ts";
import { notifyErrorOf } from "./support/errors.ts";

const show = (state: NotifyState) => JSON.stringify(state, (_, v) => (typeof v === "bigint" ? `${v}n` : v));

describe("formatState", () => {
  const accepted: [NotifyState, string][] = [
    ["READY=1", "READY=1"],
    ["READY=1\n", "READY=1\n"],
    ["READY=1\nSTATUS=Serving", "READY=1\nSTATUS=Serving"],
    ["STATUS=", "STATUS="],
    ["STATUS=a=b", "STATUS=a=b"],
    ["X_CUSTOM_1=anything goes", "X_CUSTOM_1=anything goes"],
    [{ READY: true }, "READY=1"],
    [{ READY: true, STATUS: "Serving" }, "READY=1\nSTATUS=Serving"],
    [{ READY: false, STATUS: "Starting" }, "STATUS=Starting"],
    [{ STATUS: undefined, STOPPING: true }, "STOPPING=1"],
    [{ MAINPID: 4242, ERRNO: 0 }, "MAINPID=4242\nERRNO=0"],
    [{ ERRNO: 4095 }, "ERRNO=4095"],
    [{ WATCHDOG_USEC: 18446744073709551614n }, "WATCHDOG_USEC=18446744073709551614"],
    [{ WATCHDOG_USEC: 18446744073709551615n }, "WATCHDOG_USEC=18446744073709551615"], // USEC_INFINITY: off
    [{ WATCHDOG_USEC: 0 }, "WATCHDOG_USEC=0"], // systemd turns the unit's watchdog off
    [{ EXTEND_TIMEOUT_USEC: 0 }, "EXTEND_TIMEOUT_USEC=0"], // extends nothing; systemd accepts it
    [{ EXTEND_TIMEOUT_USEC: 5_000_000 }, "EXTEND_TIMEOUT_USEC=5000000"],
    [{ WATCHDOG: "trigger" }, "WATCHDOG=trigger"],
    [{ NOTIFYACCESS: "exec" }, "NOTIFYACCESS=exec"],
    [{ EXIT_STATUS: 255 }, "EXIT_STATUS=255"],
    [{ BUSERROR: "org.freedesktop.DBus.Error.TimedOut" }, "BUSERROR=org.freedesktop.DBus.Error.TimedOut"],
    [{ RELOADING: true, MONOTONIC_USEC: 123n }, "RELOADING=1\nMONOTONIC_USEC=123"],
    [{ STATUS: "Grüße ☃ 🎉" }, "STATUS=Grüße ☃ 🎉"],
    // Range checks either side of 15 digits, where a Number stops being exact and a BigInt takes over.
    [{ MAINPID: "2147483647", ERRNO: 4095n }, "MAINPID=2147483647\nERRNO=4095"],
    [{ WATCHDOG_USEC: "999999999999999" }, "WATCHDOG_USEC=999999999999999"],
    [{ WATCHDOG_USEC: "1000000000000000" }, "WATCHDOG_USEC=1000000000000000"],
    [{ WATCHDOG_USEC: "18446744073709551615" }, "WATCHDOG_USEC=18446744073709551615"],
    [{ WATCHDOG_USEC: Number.MAX_SAFE_INTEGER }, "WATCHDOG_USEC=9007199254740991"],
    [{ FDNAME: true }, "FDNAME=1"], // true is "1", checked by the key's rule like any other value
  ];
  for (const [state, text] of accepted) {
    it(`formats ${show(state)}`, () => assert.equal(formatState(state), text));
  }

  it("refuses a state that is neither a string nor an object: null, undefined, a number, an array", () => {
    for (const state of [null, undefined, 42, ["READY=1"]]) {
      const error = notifyErrorOf(() => formatState(state as unknown as NotifyState));
      assert.equal(error.code, "EINVAL");
      assert.match(error.message, /^Cannot send notification: the state is .*; pass a string of KEY=value lines/);
    }
  });

  it("takes the text of a value outside the types once, and checks that text (no second, unchecked String())", () => {
    let calls = 0;
    const sly = { toString: () => (calls++ === 0 ? "ok" : "bad\nREADY=1") };
    assert.equal(formatState({ STATUS: sly } as unknown as NotifyState), "STATUS=ok");
    assert.equal(calls, 1);
  });

  it("formats an object's own properties only, as Object.entries() lists them (inherited ones are not sent)", () => {
    const state = Object.create({ STATUS: "inherited" }, { READY: { value: true, enumerable: true } });
    assert.equal(formatState(state), "READY=1");
  });

  it("formats an object of only false or undefined values as nothing: there is nothing to send", () => {
    for (const state of [{}, { READY: false }, { READY: false, STATUS: undefined }]) {
      assert.equal(formatState(state), "");
    }
  });

  const refused: [NotifyState, RegExp][] = [
    ["", /no assignment/],

    ["\n", /line 1 \(""\) is not a KEY=value/],
    ["READY", /line 1 \("READY"\) is not a KEY=value/],
    ["=1", /line 1 .* is not a KEY=value/],
    ["READY=1\n\nSTATUS=x", /line 2 \(""\) is not a KEY=value/],
    ["ready=1", /key "ready" is not made of A-Z/],
    ["STATUS=a\rWATCHDOG=trigger", /value of STATUS contains a line break/],
    ["STATUS=a\0b", /value of STATUS contains a NUL/],
    [{ "STATUS\nWATCHDOG": "trigger" }, /key "STATUS\\nWATCHDOG"/],
    [{ STATUS: "ok\nWATCHDOG=trigger" }, /value of STATUS contains a line break.*second assignment/],
    [{ STATUS: "ok\rWATCHDOG=trigger" }, /value of STATUS contains a line break/],
    [{ STATUS: "a\0b" }, /value of STATUS contains a NUL/],
    [{ STATUS: "lone \ud800" }, /lone UTF-16 surrogate/],
    [{ "MY-KEY": "x" }, /key "MY-KEY"/],
    [{ "": "x" }, /key ""/],
    [{ MAINPID: 1.5 }, /MAINPID is 1\.5, not an integer$/],
    [{ MAINPID: Number.NaN }, /MAINPID is NaN, not an integer$/],
    [{ EXTEND_TIMEOUT_USEC: 2 ** 60 }, /too large to be exact as a number; pass a string or a bigint/],
    [{ MAINPID: 0 }, /MAINPID="0" is refused: MAINPID must be a process id/],
    [{ MAINPID: -1 }, /MAINPID must be a process id/],
    [{ MAINPID: "0x10" }, /MAINPID must be a process id/],
    ["READY=0", /READY="0" is refused: READY must be "1"/],
    [{ WATCHDOG: "0" }, /WATCHDOG must be "1" or "trigger"/],
    [{ STOPPING: "yes" }, /STOPPING must be "1"/],
    [{ ERRNO: -2 }, /ERRNO must be an errno number/],
    [{ ERRNO: 4096 }, /ERRNO must be an errno number .*4095/],
    [{ EXIT_STATUS: 256 }, /EXIT_STATUS must be an exit status/],
    [{ WATCHDOG_USEC: -1 }, /WATCHDOG_USEC must be a watchdog interval/],
    [{ WATCHDOG_USEC: 18446744073709551616n }, /WATCHDOG_USEC must be/],
    [{ WATCHDOG_USEC: "0x10" }, /WATCHDOG_USEC must be/],
    [{ EXTEND_TIMEOUT_USEC: "5s" }, /EXTEND_TIMEOUT_USEC must be a time in microseconds/],
    [{ NOTIFYACCESS: "everyone" }, /NOTIFYACCESS must be "none" or "main" or "exec" or "all"/],
    [{ BUSERROR: "NotADbusName" }, /BUSERROR must be a D-Bus error name/],
    [{ BUSERROR: true }, /BUSERROR="1" is refused: BUSERROR must be a D-Bus error name/],
    [{ MAINPID: "2147483648" }, /MAINPID must be a process id/],
    [{ MAINPID: 2147483648 }, /MAINPID must be a process id/],
    [{ ERRNO: 4096n }, /ERRNO must be an errno number/],
    [{ MAINPID: "0123" }, /MAINPID must be a process id/],
    [{ WATCHDOG_USEC: "18446744073709551616" }, /WATCHDOG_USEC must be/],
    // systemd ignores every line of a message that holds BARRIER=1 with anything else.
    ["READY=1\nBARRIER=1", /BARRIER="1" is refused: BARRIER is sent by sdNotifyBarrier\(\) and wd\.barrier\(\)/],
    [{ BARRIER: true }, /BARRIER="1" is refused: BARRIER is sent by sdNotifyBarrier\(\)/],
  ];
  for (const [state, message] of refused) {
    it(`refuses ${show(state)}`, () => {
      const error = notifyErrorOf(() => formatState(state));
      assert.equal(error.code, "EINVAL");
      assert.match(error.message, /^Cannot send notification: /);
      assert.match(error.message, message);
    });
  }
});

describe("encodeState", () => {
  it(`accepts a datagram of exactly ${MAX_DATAGRAM_BYTES} bytes`, () => {
    const status = "x".repeat(MAX_DATAGRAM_BYTES - "STATUS=".length);
    assert.equal(encodeState({ STATUS: status }).length, MAX_DATAGRAM_BYTES);
  });

  it("refuses one byte more, counting UTF-8 bytes rather than characters", () => {
    const status = "x".repeat(MAX_DATAGRAM_BYTES - "STATUS=".length - 1) + "é";
    const error = notifyErrorOf(() => encodeState({ STATUS: status }));
    assert.equal(error.code, "EINVAL");
    assert.match(error.message, /4097 bytes of UTF-8, more than the 4096 systemd accepts/);
  });

  it("encodes as UTF-8", () => {
    assert.deepEqual([...encodeState({ STATUS: "é" })], [...new TextEncoder().encode("STATUS=é")]);
  });
});
