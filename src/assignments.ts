import { UINT64_MAX } from "./linux.ts";

/** A rule: `undefined` when the value is acceptable, otherwise what is wrong. */
type Rule = (value: string) => string | undefined;

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function exactly(...allowed: string[]): Rule {
  return (value) => {
    if (allowed.includes(value)) return undefined;
    return `must be ${allowed.map((choice) => JSON.stringify(choice)).join(" or ")}`;
  };
}

function decimal(min: bigint, max: bigint, what: string): Rule {
  return (value) => {
    if (DECIMAL.test(value)) {
      const number = BigInt(value);
      if (number >= min && number <= max) return undefined;
    }
    return `must be ${what} (a decimal integer from ${min} to ${max})`;
  };
}

const BUS_ERROR_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
// fdname_is_valid(): printable ASCII but ':' (LISTEN_FDNAMES's separator), at most 255 characters.
const FD_NAME = /^[\x20-\x39\x3b-\x7e]{0,255}$/;

const busErrorName: Rule = (value) =>
  value.length <= 255 && BUS_ERROR_NAME.test(value)
    ? undefined
    : 'must be a D-Bus error name such as "org.freedesktop.DBus.Error.TimedOut"';

/** What systemd accepts of each assignment it parses: a typo'd value is refused before systemd ignores it. */
export const ASSIGNMENT_RULES: Readonly<Record<string, Rule>> = {
  READY: exactly("1"),
  RELOADING: exactly("1"),
  STOPPING: exactly("1"),
  WATCHDOG: exactly("1", "trigger"),
  // systemd ignores a message holding BARRIER=1 with anything else, or without exactly one descriptor.
  BARRIER: () => "is sent by sdNotifyBarrier() and wd.barrier(), alone, with the pipe they wait on",
  FDSTORE: exactly("1"),
  FDSTOREREMOVE: exactly("1"),
  FDPOLL: exactly("0"),
  NOTIFYACCESS: exactly("none", "main", "exec", "all"),
  MAINPID: decimal(1n, 2147483647n, "a process id"),
  ERRNO: decimal(0n, 4095n, "an errno number (systemd ignores any above ERRNO_MAX, 4095)"),
  EXIT_STATUS: decimal(0n, 255n, "an exit status"),
  // systemd reads these with safe_atou64(): any u64. WATCHDOG_USEC=0 turns the unit's watchdog off;
  // EXTEND_TIMEOUT_USEC=0 extends nothing (systemd never shortens a timeout).
  MONOTONIC_USEC: decimal(0n, UINT64_MAX, "a CLOCK_MONOTONIC time in microseconds"),
  WATCHDOG_USEC: decimal(0n, UINT64_MAX, "a watchdog interval in microseconds (0 turns it off)"),
  EXTEND_TIMEOUT_USEC: decimal(0n, UINT64_MAX, "a time in microseconds"),
  BUSERROR: busErrorName,
  FDNAME: (value) => FD_NAME.test(value) ? undefined : "must be at most 255 printable ASCII characters, without ':'",
};
