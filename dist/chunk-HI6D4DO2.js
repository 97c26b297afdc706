import {
  AF_UNIX,
  CMSGHDR,
  EAGAIN,
  ECONNREFUSED,
  EINTR,
  INT_MAX,
  IOVEC,
  MSGHDR,
  MSG_NOSIGNAL,
  NotifyError,
  POLLFD,
  POLLOUT,
  SCM_MAX_FD,
  SCM_RIGHTS,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOL_SOCKET,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  UINT64_MAX,
  __name,
  cmsgSpace,
  errnoName,
  integerOption,
  loadLibc,
  processId,
  refused,
  toEnvironment,
  unsetVariables
} from "./chunk-PR5KD5ZS.js";

// src/assignments.ts
var DECIMAL = /^(0|[1-9][0-9]*)$/;
function exactly(...allowed) {
  return (value) => {
    if (allowed.includes(value)) return void 0;
    return `must be ${allowed.map((choice) => JSON.stringify(choice)).join(" or ")}`;
  };
}
__name(exactly, "exactly");
function decimal(min, max, what) {
  return (value) => {
    if (DECIMAL.test(value) && BigInt(value) >= min && BigInt(value) <= max) return void 0;
    return `must be ${what} (a decimal integer from ${min} to ${max})`;
  };
}
__name(decimal, "decimal");
var BUS_ERROR_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
var FD_NAME = /^[\x20-\x39\x3b-\x7e]{0,255}$/;
var busErrorName = /* @__PURE__ */ __name((value) => value.length <= 255 && BUS_ERROR_NAME.test(value) ? void 0 : 'must be a D-Bus error name such as "org.freedesktop.DBus.Error.TimedOut"', "busErrorName");
var ASSIGNMENT_RULES = {
  READY: exactly("1"),
  RELOADING: exactly("1"),
  STOPPING: exactly("1"),
  WATCHDOG: exactly("1", "trigger"),
  BARRIER: exactly("1"),
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
  FDNAME: /* @__PURE__ */ __name((value) => FD_NAME.test(value) ? void 0 : "must be at most 255 printable ASCII characters, without ':'", "FDNAME")
};

// src/describe.ts
function describe(value) {
  try {
    if (value instanceof Error) return String(value.message);
    return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return `a ${typeof value} that cannot be shown`;
    }
  }
}
__name(describe, "describe");

// src/message.ts
var MAX_DATAGRAM_BYTES = 4096;
var KEY = /^[A-Z0-9_]+$/;
var encoder = new TextEncoder();
function refuse(problem) {
  return refused("Cannot send notification", problem);
}
__name(refuse, "refuse");
var REFUSED_CHARACTER = /[\n\r\0]/;
function checkValue(key, value) {
  if (REFUSED_CHARACTER.test(value)) refuseCharacters(key, value);
  if (!value.isWellFormed()) {
    throw refuse(`the value of ${key} contains a lone UTF-16 surrogate, which has no UTF-8 form`);
  }
  checkRule(key, value);
}
__name(checkValue, "checkValue");
function checkRule(key, value) {
  const problem = ASSIGNMENT_RULES[key]?.(value);
  if (problem) throw refuse(`${key}=${JSON.stringify(value)} is refused: ${key} ${problem}`);
}
__name(checkRule, "checkRule");
function refuseCharacters(key, value) {
  if (value.includes("\n") || value.includes("\r")) {
    throw refuse(`the value of ${key} contains a line break, which systemd would read as a second assignment`);
  }
  throw refuse(`the value of ${key} contains a NUL character, so systemd would drop the message`);
}
__name(refuseCharacters, "refuseCharacters");
function checkKey(key) {
  if (!KEY.test(key)) {
    throw refuse(`the key ${JSON.stringify(key)} is not made of A-Z, 0-9 and _ only`);
  }
}
__name(checkKey, "checkKey");
function valueText(key, value) {
  switch (typeof value) {
    case "string":
      checkValue(key, value);
      return value;
    case "boolean":
      checkRule(key, "1");
      return "1";
    case "number":
      if (!Number.isInteger(value)) throw refuse(`the value of ${key} is ${value}, not an integer`);
      if (!Number.isSafeInteger(value)) {
        throw refuse(`the value of ${key} is ${value}, too large to be exact as a number; pass a string or a bigint`);
      }
      break;
    case "bigint":
      break;
    default: {
      const text2 = String(value);
      checkValue(key, text2);
      return text2;
    }
  }
  const text = String(value);
  checkRule(key, text);
  return text;
}
__name(valueText, "valueText");
function formatAssignments(assignments) {
  let text = "";
  for (const key in assignments) {
    if (!Object.hasOwn(assignments, key)) continue;
    const value = assignments[key];
    if (value === void 0 || value === false) continue;
    checkKey(key);
    const line = `${key}=${valueText(key, value)}`;
    text = text === "" ? line : `${text}
${line}`;
  }
  return text;
}
__name(formatAssignments, "formatAssignments");
function checkLines(state) {
  const lines = state.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const equals = line.indexOf("=");
    if (equals <= 0) {
      throw refuse(`line ${index + 1} (${JSON.stringify(line)}) is not a KEY=value assignment`);
    }
    const key = line.slice(0, equals);
    checkKey(key);
    checkValue(key, line.slice(equals + 1));
  });
}
__name(checkLines, "checkLines");
function formatState(state) {
  if (typeof state !== "string") {
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw refuse(`the state is ${describe(state)}; pass a string of KEY=value lines or an object of assignments`);
    }
    return formatAssignments(state);
  }
  checkLines(state);
  if (state === "") throw refuse("the state holds no assignment");
  return state;
}
__name(formatState, "formatState");
function encodeState(state) {
  return encoder.encode(datagramText(state));
}
__name(encodeState, "encodeState");
function datagramText(state) {
  const text = formatState(state);
  if (text.length * 3 > MAX_DATAGRAM_BYTES) {
    const bytes = encoder.encode(text).length;
    if (bytes > MAX_DATAGRAM_BYTES) {
      throw refuse(`the message is ${bytes} bytes of UTF-8, more than the ${MAX_DATAGRAM_BYTES} systemd accepts; shorten the status text`);
    }
  }
  return text;
}
__name(datagramText, "datagramText");
function constantDatagram(state) {
  let bytes;
  return () => bytes ??= encodeState(state);
}
__name(constantDatagram, "constantDatagram");

// src/notify_socket.ts
var MAX_SEND_TIMEOUT_MS = 6e4;
var SEND_BUFFER_BYTES = 8 * 1024 * 1024;
var NO_FDS = [];
var POLLFD_AT = MSGHDR.size + IOVEC.size;
var CONTROL = POLLFD_AT + POLLFD.size;
var ADVICE = {
  ENOENT: "no socket exists at that path; is the service manager (or your receiver) running?",
  ECONNREFUSED: "nothing receives there: the receiver has closed, or the path is not a socket",
  EACCES: "this process may not write to that socket; check its permissions",
  EPERM: "this process may not write to that socket; check its permissions and security policy",
  EAGAIN: "the receiver's queue stayed full; the service manager is not reading, retry later",
  EPROTOTYPE: "that socket is not a datagram socket",
  ENOTDIR: "a component of that path is not a directory",
  ENOTSOCK: "that path is not a socket"
};
var NotifySocket = class {
  static {
    __name(this, "NotifySocket");
  }
  /** Where this socket sends. */
  address;
  #timeoutMs;
  #libc;
  #fd = -1;
  // One buffer, laid out as: struct msghdr | struct iovec | struct pollfd | control message | payload.
  #memory = new Uint8Array(CONTROL + cmsgSpace(4 * SCM_MAX_FD) + MAX_DATAGRAM_BYTES);
  #view = new DataView(this.#memory.buffer);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #pollfd = this.#memory.subarray(POLLFD_AT, POLLFD_AT + POLLFD.size);
  #payload = this.#memory.subarray(CONTROL + cmsgSpace(4 * SCM_MAX_FD));
  #controlLength = 0;
  #prepared = false;
  #closed = false;
  /**
   * Prepares a socket for an address; nothing is opened until the first send.
   * @throws {NotifyError} `EINVAL` for a `sendTimeoutMs` that is not an integer from 0 to 60000.
   */
  constructor(address, options = {}) {
    this.address = address;
    this.#timeoutMs = sendTimeoutOption(options.sendTimeoutMs);
  }
  /** The socket's file descriptor, or -1 while it is not open. */
  get fd() {
    return this.#fd;
  }
  /**
   * Sends one datagram, whole or not at all.
   * @param payload At most {@linkcode MAX_DATAGRAM_BYTES} bytes, or a text that many bytes long in UTF-8 (encoded
   * straight into this socket's buffer; not validated, as bytes are not: a lone surrogate is sent as U+FFFD).
   * @param options How long to wait for room (checked by the caller), and descriptors to pass.
   * @throws {NotifyError} With the errno name: `ENOENT`, `ECONNREFUSED`, `EACCES`, `EAGAIN` (queue still full after the
   * timeout), ...; `EBADF` after {@linkcode NotifySocket.close}; `EMSGSIZE` for a longer payload.
   */
  send(payload, options) {
    if (this.#closed) {
      throw new NotifyError("EBADF", `Cannot send notification: this socket to ${this.address.text} was closed`);
    }
    const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
    const fds = options?.fds ?? NO_FDS;
    const libc = this.#libc ??= loadLibc();
    const length = typeof payload === "string" ? this.#encode(payload) : this.#copy(payload);
    this.#prepare(libc);
    this.#view.setUint32(MSGHDR.size + IOVEC.len, length, true);
    this.#loadFds(fds);
    const firstConnection = this.#fd < 0;
    if (firstConnection) this.#connect(libc);
    let errno = this.#sendPrepared(libc, length, timeoutMs);
    if (errno === ECONNREFUSED && !firstConnection) {
      this.#disconnect();
      this.#connect(libc);
      errno = this.#sendPrepared(libc, length, timeoutMs);
    }
    if (errno !== 0) {
      if (errno !== EAGAIN) this.#disconnect();
      throw this.#error("sendmsg", errno, timeoutMs);
    }
  }
  #copy(payload) {
    if (payload.length > MAX_DATAGRAM_BYTES) throw tooLong(`${payload.length} bytes exceed`);
    this.#payload.set(payload);
    return payload.length;
  }
  /** Encodes `text` into this socket's buffer, which holds {@linkcode MAX_DATAGRAM_BYTES}; returns the length. */
  #encode(text) {
    const { read, written } = encoder2.encodeInto(text, this.#payload);
    if (read === text.length) return written;
    return this.#copy(encoder2.encode(text));
  }
  /** Whether {@linkcode NotifySocket.close} was called. */
  get closed() {
    return this.#closed;
  }
  /** Closes the socket for good: a later send throws `EBADF`. Safe to call more than once. */
  close() {
    this.#closed = true;
    this.#disconnect();
  }
  #disconnect() {
    if (this.#fd >= 0) this.#libc?.close(this.#fd);
    this.#fd = -1;
  }
  /** Same as {@linkcode NotifySocket.close}. */
  [Symbol.dispose]() {
    this.close();
  }
  #prepare(libc) {
    if (this.#prepared) return;
    const iovec = MSGHDR.size;
    this.#view.setBigUint64(MSGHDR.iov, libc.addressOf(this.#memory.subarray(iovec)), true);
    this.#view.setBigUint64(MSGHDR.iovlen, 1n, true);
    this.#view.setBigUint64(MSGHDR.control, libc.addressOf(this.#memory.subarray(CONTROL)), true);
    this.#view.setBigUint64(iovec + IOVEC.base, libc.addressOf(this.#payload), true);
    this.#prepared = true;
  }
  /** Writes an SCM_RIGHTS control message for `fds`, or none for an empty list. */
  #loadFds(fds) {
    if (fds.length > SCM_MAX_FD) {
      throw refused("Cannot send notification", `${fds.length} file descriptors, at most ${SCM_MAX_FD}`, "E2BIG");
    }
    const length = fds.length === 0 ? 0 : cmsgSpace(4 * fds.length);
    if (length > 0) {
      setSize(this.#view, CONTROL + CMSGHDR.len, CMSGHDR.size + 4 * fds.length);
      this.#view.setInt32(CONTROL + CMSGHDR.level, SOL_SOCKET, true);
      this.#view.setInt32(CONTROL + CMSGHDR.type, SCM_RIGHTS, true);
      for (let i = 0; i < fds.length; i++) {
        const fd = fds[i];
        checkDescriptor(fd);
        this.#view.setInt32(CONTROL + CMSGHDR.size + 4 * i, fd, true);
      }
    }
    if (length !== this.#controlLength) {
      setSize(this.#view, MSGHDR.controllen, length);
      this.#controlLength = length;
    }
  }
  #connect(libc) {
    const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw this.#error("socket", libc.errno());
    raiseSendBuffer(libc, fd);
    const { sockaddr } = this.address;
    if (libc.connect(fd, sockaddr, sockaddr.length) < 0) {
      const errno = libc.errno();
      libc.close(fd);
      throw this.#error("connect", errno);
    }
    this.#fd = fd;
  }
  /** Returns 0 once sent, else the errno. */
  #sendPrepared(libc, length, timeoutMs) {
    let deadline = 0;
    for (; ; ) {
      const sent = libc.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL);
      if (sent === length) return 0;
      if (sent >= 0) {
        throw new NotifyError("EIO", `Cannot send notification: only ${sent} of ${length} bytes were sent`);
      }
      const errno = libc.errno();
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) return errno;
      deadline ||= performance.now() + timeoutMs;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return EAGAIN;
      this.#view.setInt32(POLLFD_AT + POLLFD.fd, this.#fd, true);
      this.#view.setInt16(POLLFD_AT + POLLFD.events, POLLOUT, true);
      if (libc.poll(this.#pollfd, 1, Math.ceil(remaining)) < 0 && libc.errno() !== EINTR) return libc.errno();
    }
  }
  #error(call, errno, timeoutMs) {
    const code = errnoName(errno);
    const advice = ADVICE[code] ?? `${call}() failed`;
    const waited = code === "EAGAIN" ? ` (waited ${timeoutMs} ms)` : "";
    return new NotifyError(code, `Cannot send notification to NOTIFY_SOCKET=${this.address.text}: ${advice}${waited} (${code} from ${call})`);
  }
};
function sendTimeoutOption(value, context = "Cannot send notification") {
  return integerOption(context, "sendTimeoutMs", value, 100, 0, MAX_SEND_TIMEOUT_MS);
}
__name(sendTimeoutOption, "sendTimeoutOption");
var encoder2 = new TextEncoder();
function checkDescriptor(fd) {
  if (!Number.isInteger(fd) || fd < 0 || fd > INT_MAX) {
    throw refused("Cannot send notification", `${fd} is not a file descriptor`);
  }
}
__name(checkDescriptor, "checkDescriptor");
function setSize(view, offset, size) {
  view.setUint32(offset, size, true);
  view.setUint32(offset + 4, 0, true);
}
__name(setSize, "setSize");
function tooLong(what) {
  return refused("Cannot send notification", `${what} ${MAX_DATAGRAM_BYTES} bytes`, "EMSGSIZE");
}
__name(tooLong, "tooLong");
var intValue = new Uint8Array(4);
var intView = new DataView(intValue.buffer);
var intLength = new Uint8Array(4);
function raiseSendBuffer(libc, fd) {
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  if (libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, 4) < 0) return;
  new DataView(intLength.buffer).setUint32(0, 4, true);
  if (libc.getsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, intLength) === 0) {
    if (intView.getInt32(0, true) >= 2 * SEND_BUFFER_BYTES) return;
  }
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, intValue, 4);
}
__name(raiseSendBuffer, "raiseSendBuffer");

// src/parse_integer.ts
var U64_LIMIT = UINT64_MAX + 1n;
var INT_LIMIT = BigInt(INT_MAX) + 1n;
var LONG_LIMIT = 1n << 63n;
var SYSTEMD_WHITESPACE = " 	\n\r";
var C_SPACE = " 	\n\v\f\r";
var DIGITS = {
  2: [
    /^[01]+/,
    "0b"
  ],
  8: [
    /^[0-7]+/,
    "0o"
  ],
  10: [
    /^[0-9]+/,
    ""
  ],
  16: [
    /^[0-9a-fA-F]+/,
    "0x"
  ]
};
function skip(text, from, set) {
  while (from < text.length && set.includes(text[from])) from++;
  return from;
}
__name(skip, "skip");
function parseC(input) {
  let text = input.slice(skip(input, 0, SYSTEMD_WHITESPACE));
  let base = 0;
  if (/^0[bB]/.test(text)) [base, text] = [
    2,
    text.slice(2)
  ];
  else if (/^0[oO]/.test(text)) [base, text] = [
    8,
    text.slice(2)
  ];
  let at = skip(text, 0, C_SPACE);
  const negative = text[at] === "-";
  if (text[at] === "+" || text[at] === "-") at++;
  if (base === 0) {
    if (text[at] === "0" && /^[xX][0-9a-fA-F]/.test(text.slice(at + 1, at + 3))) {
      base = 16;
      at += 2;
    } else {
      base = text[at] === "0" ? 8 : 10;
    }
  }
  const [digitsOf, prefix] = DIGITS[base];
  const digits = digitsOf.exec(text.slice(at))?.[0];
  if (digits === void 0) return {
    error: "EINVAL"
  };
  const magnitude = BigInt(prefix + digits);
  at += digits.length;
  return {
    magnitude,
    negative,
    trailing: at !== text.length,
    text
  };
}
__name(parseC, "parseC");
function parseUnsigned(input) {
  const parsed = parseC(input);
  if ("error" in parsed) return parsed;
  const { magnitude, negative, trailing, text } = parsed;
  if (magnitude >= U64_LIMIT) return {
    error: "ERANGE"
  };
  if (trailing) return {
    error: "EINVAL"
  };
  const value = negative ? (U64_LIMIT - magnitude) % U64_LIMIT : magnitude;
  if (value !== 0n && text[0] === "-") return {
    error: "ERANGE"
  };
  return {
    value
  };
}
__name(parseUnsigned, "parseUnsigned");
function parseInt32(input) {
  const parsed = parseC(input);
  if ("error" in parsed) return parsed;
  const { magnitude, negative, trailing } = parsed;
  if (magnitude > (negative ? LONG_LIMIT : LONG_LIMIT - 1n)) return {
    error: "ERANGE"
  };
  if (trailing) return {
    error: "EINVAL"
  };
  const value = negative ? -magnitude : magnitude;
  if (value < -INT_LIMIT || value >= INT_LIMIT) return {
    error: "ERANGE"
  };
  return {
    value
  };
}
__name(parseInt32, "parseInt32");
function parsePid(input) {
  const parsed = parseUnsigned(input);
  if ("error" in parsed) return parsed;
  return parsed.value === 0n || parsed.value >= INT_LIMIT ? {
    error: "ERANGE"
  } : parsed;
}
__name(parsePid, "parsePid");

// src/watchdog_enabled.ts
var USEC_INFINITY = UINT64_MAX;
function malformed(code, name, value, rule) {
  return {
    enabled: false,
    reason: "malformed",
    error: refused("Cannot read the watchdog interval", `${name}=${JSON.stringify(value)} is not ${rule}; fix the unit's environment or unset ${name}`, code)
  };
}
__name(malformed, "malformed");
function readWatchdogEnvironment(options = {}) {
  const env = toEnvironment(options.env);
  const usecText = env.get("WATCHDOG_USEC");
  const pidText = usecText === void 0 ? void 0 : env.get("WATCHDOG_PID");
  try {
    if (usecText === void 0) return {
      enabled: false,
      reason: "unset"
    };
    const usec = parseUnsigned(usecText);
    if ("error" in usec) return malformed(usec.error, "WATCHDOG_USEC", usecText, "a number of microseconds");
    if (usec.value === 0n || usec.value === USEC_INFINITY) {
      return malformed("EINVAL", "WATCHDOG_USEC", usecText, "a finite, non-zero number of microseconds");
    }
    if (pidText !== void 0) {
      const pid = parsePid(pidText);
      if ("error" in pid) return malformed(pid.error, "WATCHDOG_PID", pidText, "a valid process id");
      if (Number(pid.value) !== (options.pid ?? processId())) {
        return {
          enabled: false,
          reason: "other-process",
          pid: Number(pid.value)
        };
      }
    }
    return {
      enabled: true,
      usec: usec.value
    };
  } finally {
    if (options.unsetEnvironment) {
      unsetVariables(env, [
        "WATCHDOG_USEC",
        "WATCHDOG_PID"
      ]);
    }
  }
}
__name(readWatchdogEnvironment, "readWatchdogEnvironment");
function sdWatchdogEnabled(options = {}) {
  const state = readWatchdogEnvironment(options);
  if (state.enabled) return Number(state.usec);
  if (state.reason === "malformed") throw state.error;
  return 0;
}
__name(sdWatchdogEnabled, "sdWatchdogEnabled");
function noPingsReason(state, pid) {
  if (state.enabled || state.reason === "unset") return void 0;
  if (state.reason === "malformed") return `${state.error.message}; this Watchdog sends no pings`;
  return `WATCHDOG_PID=${state.pid} is not this process (${pid ?? processId()}): systemd expects watchdog pings from that process and kills the service without them, and under NotifyAccess=main (the default) it ignores every message from this one; make the runtime the unit's main process (ExecStart= it, or exec it)`;
}
__name(noPingsReason, "noPingsReason");

export {
  describe,
  parseInt32,
  parsePid,
  MAX_DATAGRAM_BYTES,
  formatState,
  encodeState,
  datagramText,
  constantDatagram,
  NotifySocket,
  sendTimeoutOption,
  checkDescriptor,
  readWatchdogEnvironment,
  sdWatchdogEnabled,
  noPingsReason
};
