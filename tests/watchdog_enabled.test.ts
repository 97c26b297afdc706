import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sdWatchdogEnabled } from "../mod.ts";
import { readWatchdogEnvironment } from "../advanced.ts";
import { processId } from "../src/environment.ts";
import { parseUnsigned } from "../src/parse_integer.ts";
import { codeOf } from "./support/errors.ts";
import { references } from "./support/libsystemd.ts";

describe("parseUnsigned (libsystemd's safe_atou64)", () => {
  const cases: [string, bigint | "EINVAL" | "ERANGE"][] = [
    ["1000", 1000n],
    ["0", 0n],
    ["0x10", 16n],
    ["0X1f", 31n],
    ["010", 8n],
    ["0b101", 5n],
    ["0o17", 15n],
    [" 5", 5n],
    ["\t\n\r 5", 5n],
    ["+5", 5n],
    ["18446744073709551615", 18446744073709551615n],
    ["\v-5", 18446744073709551611n], // strtoull skips \v, libsystemd's own check does not
    ["-0", 0n],
    ["5 ", "EINVAL"],
    ["", "EINVAL"],
    [" ", "EINVAL"],
    ["+", "EINVAL"],
    ["1e3", "EINVAL"],
    ["5.0", "EINVAL"],
    ["1_000", "EINVAL"],
    ["0x", "EINVAL"],
    ["0b", "EINVAL"],
    ["08", "EINVAL"],
    ["+0b11", "EINVAL"],
    ["abc", "EINVAL"],
    ["-5", "ERANGE"],
    [" -5", "ERANGE"],
    ["-0x10", "ERANGE"],
    ["0b-1", "ERANGE"],
    ["18446744073709551616", "ERANGE"],
    ["99999999999999999999x", "ERANGE"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${typeof expected === "bigint" ? expected : expected}`, () => {
      assert.deepEqual(parseUnsigned(input), typeof expected === "bigint" ? { value: expected } : { error: expected });
    });
  }
});

describe("sdWatchdogEnabled", () => {
  const pid = 4242;
  const cases: [Record<string, string>, number | string][] = [
    [{}, 0],
    [{ WATCHDOG_USEC: "5000000" }, 5_000_000],
    [{ WATCHDOG_USEC: "5000000", WATCHDOG_PID: "4242" }, 5_000_000],
    [{ WATCHDOG_USEC: "5000000", WATCHDOG_PID: "4243" }, 0],
    [{ WATCHDOG_PID: "4242" }, 0],
    [{ WATCHDOG_USEC: "1" }, 1],
    [{ WATCHDOG_USEC: "18446744073709551614" }, 18446744073709551614],
    [{ WATCHDOG_USEC: "0" }, "EINVAL"],
    [{ WATCHDOG_USEC: "18446744073709551615" }, "EINVAL"],
    [{ WATCHDOG_USEC: "" }, "EINVAL"],
    [{ WATCHDOG_USEC: "five" }, "EINVAL"],
    [{ WATCHDOG_USEC: "-1" }, "ERANGE"],
    [{ WATCHDOG_USEC: "1", WATCHDOG_PID: "0" }, "ERANGE"],
    [{ WATCHDOG_USEC: "1", WATCHDOG_PID: "-1" }, "ERANGE"],
    [{ WATCHDOG_USEC: "1", WATCHDOG_PID: "2147483648" }, "ERANGE"],
    [{ WATCHDOG_USEC: "1", WATCHDOG_PID: "pid" }, "EINVAL"],
    [{ WATCHDOG_USEC: "0", WATCHDOG_PID: "pid" }, "EINVAL"],
  ];
  for (const [env, expected] of cases) {
    it(`${JSON.stringify(env)} → ${expected}`, () => {
      if (typeof expected === "number") assert.equal(sdWatchdogEnabled({ env, pid }), expected);
      else assert.equal(codeOf(() => sdWatchdogEnabled({ env, pid })), expected);
    });
  }

  it("names the variable and its value when refusing", () => {
    assert.throws(
      () => sdWatchdogEnabled({ env: { WATCHDOG_USEC: "5s" }, pid }),
      /^NotifyError: Cannot read the watchdog interval: WATCHDOG_USEC="5s" is not a number of microseconds/,
    );
  });

  it("unsets both variables when asked, whatever the outcome", () => {
    for (const start of [{ WATCHDOG_USEC: "10", WATCHDOG_PID: "1" }, { WATCHDOG_USEC: "bad", WATCHDOG_PID: "1" }]) {
      const env: Record<string, string | undefined> = { ...start, OTHER: "kept" };
      try {
        sdWatchdogEnabled({ env, pid, unsetEnvironment: true });
      } catch { /* the malformed case throws; the variables must go anyway */ }
      assert.deepEqual(env, { OTHER: "kept" });
    }
  });

  it("keeps the exact interval as a bigint", () => {
    assert.deepEqual(readWatchdogEnvironment({ env: { WATCHDOG_USEC: "18446744073709551614" } }), {
      enabled: true,
      usec: 18446744073709551614n,
    });
  });
});

for (const { reference, skip } of references()) {
  describe(`agreement with ${reference.label}'s sd_watchdog_enabled()`, { skip }, () => {
    // Random inputs are in properties.test.ts; these are the edges worth naming.
    const own = String(processId());
    const usecInputs = [
      ...["1000", "0x10", "010", " 5", "5 ", "+5", "-5", "0", "00", "0b11", "0o17", "\v-5", "-0", "0x", "08"],
      ...["18446744073709551615", "18446744073709551614", "18446744073709551616", "1e3", "5.0", ""],
    ];
    const pidInputs = [
      own,
      `0x${Number(own).toString(16)}`,
      ` ${own}`,
      `+${own}`,
      "1",
      "0",
      "-1",
      "2147483648",
      "x",
      "",
    ];

    it(`agrees on ${usecInputs.length} WATCHDOG_USEC values`, () => {
      for (const usec of usecInputs) reference.assertSameWatchdogEnabled(usec, undefined);
    });

    it(`agrees on ${pidInputs.length * 3} WATCHDOG_PID values`, () => {
      for (const pidText of pidInputs) {
        for (const usec of ["7", "0", "bad"]) reference.assertSameWatchdogEnabled(usec, pidText);
      }
    });
  });
}
