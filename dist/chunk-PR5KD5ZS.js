var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// src/error.ts
var NotifyError = class extends Error {
  static {
    __name(this, "NotifyError");
  }
  /** The errno name, e.g. `ECONNREFUSED` or `EINVAL`. */
  code;
  /** Creates an error with a stable `code` (an errno name) and a `message` that says what to do. */
  constructor(code, message, options) {
    super(message, options);
    this.name = "NotifyError";
    this.code = code;
  }
};
function refused(context, problem, code = "EINVAL") {
  return new NotifyError(code, `${context}: ${problem}`);
}
__name(refused, "refused");

// src/linux.ts
var AF_UNIX = 1;
var AF_INET = 2;
var AF_INET6 = 10;
var SUN_PATH_SIZE = 108;
var INT_MAX = 2147483647;
var UINT64_MAX = (1n << 64n) - 1n;
var SOCK_STREAM = 1;
var SOCK_DGRAM = 2;
var SOCK_SEQPACKET = 5;
var SOCK_NONBLOCK = 2048;
var SOCK_CLOEXEC = 524288;
var MSG_DONTWAIT = 64;
var MSG_NOSIGNAL = 16384;
var POLLOUT = 4;
var POLLHUP = 16;
var O_CLOEXEC = 524288;
var F_GETFD = 1;
var F_SETFD = 2;
var FD_CLOEXEC = 1;
var F_DUPFD_CLOEXEC = 1030;
var SOL_SOCKET = 1;
var SCM_RIGHTS = 1;
var SO_TYPE = 3;
var SO_SNDBUF = 7;
var SO_ACCEPTCONN = 30;
var SO_SNDBUFFORCE = 32;
var SCM_MAX_FD = 253;
var CLOCK_MONOTONIC = 1;
var AT_FDCWD = -100;
var AT_SYMLINK_NOFOLLOW = 256;
var AT_NO_AUTOMOUNT = 2048;
var AT_EMPTY_PATH = 4096;
var F_OK = 0;
var STATX_BASIC_STATS = 2047;
var S_IFMT = 61440;
var S_IFSOCK = 49152;
var S_IFREG = 32768;
var S_IFCHR = 8192;
var S_IFIFO = 4096;
var ENOENT = 2;
var EINTR = 4;
var EBADF = 9;
var EAGAIN = 11;
var ENOTDIR = 20;
var EINVAL = 22;
var ECONNREFUSED = 111;
var MSGHDR = {
  size: 56,
  name: 0,
  namelen: 8,
  iov: 16,
  iovlen: 24,
  control: 32,
  controllen: 40,
  flags: 48
};
var IOVEC = {
  size: 16,
  base: 0,
  len: 8
};
var POLLFD = {
  size: 8,
  fd: 0,
  events: 4,
  revents: 6
};
var CMSGHDR = {
  size: 16,
  len: 0,
  level: 8,
  type: 12
};
var cmsgSpace = /* @__PURE__ */ __name((n) => CMSGHDR.size + Math.ceil(n / 8) * 8, "cmsgSpace");
var TIMESPEC = {
  size: 16,
  sec: 0,
  nsec: 8
};
var STATX = {
  size: 256,
  mode: 28,
  ino: 32,
  rdevMajor: 128,
  rdevMinor: 132,
  devMajor: 136,
  devMinor: 140
};
var SOCKADDR = {
  size: 128,
  family: 0,
  port: 2,
  path: 2
};
var MQ_ATTR_SIZE = 64;

// src/address.ts
var encoder = new TextEncoder();
function refuse(text, problem, code = "EINVAL") {
  return refused("Cannot send notification", `NOTIFY_SOCKET=${JSON.stringify(text)} ${problem}`, code);
}
__name(refuse, "refuse");
function parseNotifyAddress(text) {
  if (/^vsock(-stream|-dgram|-seqpacket)?:/.test(text)) {
    throw refuse(text, "is an AF_VSOCK address, which this library does not support yet; use an AF_UNIX socket (a path or @name)", "EAFNOSUPPORT");
  }
  if (text.includes("\0")) throw refuse(text, "contains a NUL character");
  if (!text.isWellFormed()) throw refuse(text, "is not valid Unicode");
  const bytes = encoder.encode(text);
  if (bytes.length < 2) throw refuse(text, "is too short; systemd sets an absolute path or @name");
  const kind = text[0] === "@" ? "abstract" : "path";
  if (kind === "path" && text[0] !== "/") {
    throw refuse(text, "is a relative path; systemd sets an absolute path or @name");
  }
  if (bytes.length >= SUN_PATH_SIZE) {
    const problem = `is ${bytes.length} bytes long, more than the ${SUN_PATH_SIZE - 1} that fit in sun_path`;
    throw refuse(text, problem, kind === "path" ? "ENAMETOOLONG" : "EINVAL");
  }
  const name = kind === "abstract" ? bytes.subarray(1) : bytes;
  const sockaddr = new Uint8Array(2 + 1 + name.length);
  sockaddr[0] = AF_UNIX;
  sockaddr.set(name, kind === "abstract" ? 3 : 2);
  return {
    kind,
    text,
    sockaddr
  };
}
__name(parseNotifyAddress, "parseNotifyAddress");

// src/record_environment.ts
function recordEnvironment(record) {
  return new RecordEnvironment(record);
}
__name(recordEnvironment, "recordEnvironment");
var RecordEnvironment = class {
  static {
    __name(this, "RecordEnvironment");
  }
  #record;
  constructor(record) {
    this.#record = record;
  }
  get(name) {
    return this.#record[name];
  }
  delete(name) {
    delete this.#record[name];
  }
};

// ffi/node_process.ts
function nodeProcess() {
  return globalThis.process;
}
__name(nodeProcess, "nodeProcess");
function linuxArch(processArch) {
  return {
    x64: "x86_64",
    arm64: "aarch64"
  }[processArch] ?? processArch;
}
__name(linuxArch, "linuxArch");
function isMainThread() {
  const threads = nodeProcess()?.getBuiltinModule?.("node:worker_threads");
  return threads?.isMainThread !== false;
}
__name(isMainThread, "isMainThread");
function onProcessSignal(signal, listener) {
  if (!isMainThread()) {
    throw new NotifyError("EOPNOTSUPP", `Cannot listen for ${signal}: signals reach only the main thread on Node.js and Bun, and this is a Worker; call it on the main thread (and pass the reload to the Worker with postMessage)`);
  }
  nodeProcess().on(signal, listener);
  return () => void nodeProcess().off(signal, listener);
}
__name(onProcessSignal, "onProcessSignal");
function startWorkerThread(main, data, onMessage, onError) {
  const threads = nodeProcess().getBuiltinModule("node:worker_threads");
  const source = `"use strict";
const __name = (target) => target;
const { workerData, parentPort } = process.getBuiltinModule("node:worker_threads");
const closers = [];
parentPort.on("message", () => {
  for (const close of closers) close();
  if (typeof parentPort.close === "function") parentPort.close(); else globalThis.close(); // Deno's has no close()
});
(${main})({ data: workerData, post: (message) => parentPort.postMessage(message), onClose: (close) => closers.push(close) });
`;
  let worker;
  try {
    worker = new threads.Worker(source, {
      eval: true,
      workerData: data
    });
  } catch (error) {
    if (error?.code !== "ERR_ACCESS_DENIED") throw error;
    throw new NotifyError("EPERM", "Cannot report stalls: Node.js runs with --permission, which forbids Workers (the helper thread); add --allow-worker");
  }
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.unref();
  return {
    close: /* @__PURE__ */ __name(() => worker.postMessage("close"), "close")
  };
}
__name(startWorkerThread, "startWorkerThread");

// ffi/open_first.ts
function openFirst(names, open, refused2 = () => void 0) {
  let lastError;
  for (const name of names) {
    try {
      return open(name);
    } catch (error) {
      const denied = refused2(error, name);
      if (denied) throw denied;
      lastError = error;
    }
  }
  throw new NotifyError("ENOSYS", `Cannot load any of ${names.join(", ")}`, {
    cause: lastError
  });
}
__name(openFirst, "openFirst");

// ffi/bun.ts
var bunFfi;
function load() {
  return bunFfi ??= import.meta.require("bun:ffi");
}
__name(load, "load");
var ffi = {
  get os() {
    return nodeProcess().platform;
  },
  get arch() {
    return linuxArch(nodeProcess().arch);
  },
  open(names, symbols) {
    const table = {};
    for (const [name, { parameters, result }] of Object.entries(symbols)) {
      table[name] = {
        args: parameters,
        returns: result
      };
    }
    return openFirst(names, (name) => load().dlopen(name, table).symbols);
  },
  readInt32: /* @__PURE__ */ __name((pointer) => load().read.i32(pointer, 0), "readInt32"),
  addressOf: /* @__PURE__ */ __name((buffer) => BigInt(load().ptr(buffer)), "addressOf")
};
function openThreadLibc(name) {
  const { dlopen } = globalThis.process.getBuiltinModule("bun:ffi");
  const table = {
    socket: {
      args: [
        "i32",
        "i32",
        "i32"
      ],
      returns: "i32"
    },
    sendto: {
      args: [
        "i32",
        "buffer",
        "u64",
        "i32",
        "buffer",
        "u32"
      ],
      returns: "i64"
    },
    write: {
      args: [
        "i32",
        "buffer",
        "u64"
      ],
      returns: "i64"
    },
    close: {
      args: [
        "i32"
      ],
      returns: "i32"
    }
  };
  const c = dlopen(name, table).symbols;
  return {
    socket: /* @__PURE__ */ __name((domain, type, protocol) => c.socket(domain, type, protocol), "socket"),
    sendto: /* @__PURE__ */ __name((fd, bytes, flags, address) => Number(c.sendto(fd, bytes, bytes.length, flags, address, address.length)), "sendto"),
    write: /* @__PURE__ */ __name((fd, bytes) => Number(c.write(fd, bytes, bytes.length)), "write"),
    close: /* @__PURE__ */ __name((fd) => c.close(fd), "close")
  };
}
__name(openThreadLibc, "openThreadLibc");
var runtime = {
  name: "Bun",
  ffi,
  environment: /* @__PURE__ */ __name(() => recordEnvironment(globalThis.Bun.env), "environment"),
  pid: /* @__PURE__ */ __name(() => nodeProcess().pid, "pid"),
  unref: /* @__PURE__ */ __name((timer) => timer.unref(), "unref"),
  onSignal: onProcessSignal,
  ffiClockIsFaster: false,
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc
};

// ffi/deno.ts
function isNotCapable(error) {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}
__name(isNotCapable, "isNotCapable");
function envPermissionError(name) {
  return new NotifyError("EPERM", `Cannot read ${name}: Deno needs permission to read the environment; run with --allow-env (or --allow-env=NOTIFY_SOCKET,WATCHDOG_USEC,WATCHDOG_PID)`);
}
__name(envPermissionError, "envPermissionError");
function withEnvPermission(name, action) {
  try {
    return action();
  } catch (error) {
    throw isNotCapable(error) ? envPermissionError(name) : error;
  }
}
__name(withEnvPermission, "withEnvPermission");
var environment = {
  get: /* @__PURE__ */ __name((name) => withEnvPermission(name, () => Deno.env.get(name)), "get"),
  delete: /* @__PURE__ */ __name((name) => withEnvPermission(name, () => Deno.env.delete(name)), "delete")
};
var ffi2 = {
  get os() {
    return Deno.build.os;
  },
  get arch() {
    return Deno.build.arch;
  },
  open(names, symbols) {
    return openFirst(names, (name) => Deno.dlopen(name, symbols).symbols, (error, name) => isNotCapable(error) ? new NotifyError("EPERM", `Cannot send notification: Deno needs FFI access to call ${name}; run with --allow-ffi (and --allow-env)`) : void 0);
  },
  readInt32: /* @__PURE__ */ __name((pointer) => new Deno.UnsafePointerView(pointer).getInt32(), "readInt32"),
  addressOf: /* @__PURE__ */ __name((buffer) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer))), "addressOf")
};
function openThreadLibc2(name) {
  const table = {
    socket: {
      parameters: [
        "i32",
        "i32",
        "i32"
      ],
      result: "i32"
    },
    sendto: {
      parameters: [
        "i32",
        "buffer",
        "usize",
        "i32",
        "buffer",
        "u32"
      ],
      result: "isize"
    },
    write: {
      parameters: [
        "i32",
        "buffer",
        "usize"
      ],
      result: "isize"
    },
    close: {
      parameters: [
        "i32"
      ],
      result: "i32"
    }
  };
  const c = Deno.dlopen(name, table).symbols;
  return {
    socket: /* @__PURE__ */ __name((domain, type, protocol) => c.socket(domain, type, protocol), "socket"),
    sendto: /* @__PURE__ */ __name((fd, bytes, flags, address) => Number(c.sendto(fd, bytes, BigInt(bytes.length), flags, address, address.length)), "sendto"),
    write: /* @__PURE__ */ __name((fd, bytes) => Number(c.write(fd, bytes, BigInt(bytes.length))), "write"),
    close: /* @__PURE__ */ __name((fd) => c.close(fd), "close")
  };
}
__name(openThreadLibc2, "openThreadLibc");
var runtime2 = {
  name: "Deno",
  ffi: ffi2,
  environment: /* @__PURE__ */ __name(() => environment, "environment"),
  pid: /* @__PURE__ */ __name(() => Deno.pid, "pid"),
  unref: /* @__PURE__ */ __name((timer) => Deno.unrefTimer(timer), "unref"),
  onSignal(signal, listener) {
    Deno.addSignalListener(signal, listener);
    return () => Deno.removeSignalListener(signal, listener);
  },
  ffiClockIsFaster: true,
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc: openThreadLibc2
};

// ffi/libc_symbols.ts
var SEND_SYMBOLS = {
  socket: {
    parameters: [
      "i32",
      "i32",
      "i32"
    ],
    result: "i32"
  },
  connect: {
    parameters: [
      "i32",
      "buffer",
      "u32"
    ],
    result: "i32"
  },
  setsockopt: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "buffer",
      "u32"
    ],
    result: "i32"
  },
  getsockopt: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "buffer",
      "buffer"
    ],
    result: "i32"
  },
  sendmsg: {
    parameters: [
      "i32",
      "buffer",
      "i32"
    ],
    result: "i32"
  },
  poll: {
    parameters: [
      "buffer",
      "u64",
      "i32"
    ],
    result: "i32"
  },
  close: {
    parameters: [
      "i32"
    ],
    result: "i32"
  },
  // The Watchdog's clock on Deno, and RELOADING's MONOTONIC_USEC.
  clock_gettime: {
    parameters: [
      "i32",
      "buffer"
    ],
    result: "i32"
  },
  __errno_location: {
    parameters: [],
    result: "pointer"
  }
};
var OTHER_SYMBOLS = {
  bind: {
    parameters: [
      "i32",
      "buffer",
      "u32"
    ],
    result: "i32"
  },
  recvmsg: {
    parameters: [
      "i32",
      "buffer",
      "i32"
    ],
    result: "i32"
  },
  unlink: {
    parameters: [
      "buffer"
    ],
    result: "i32"
  },
  pipe2: {
    parameters: [
      "buffer",
      "i32"
    ],
    result: "i32"
  },
  // Variadic in C; every call here passes one int, which x86_64 and aarch64 Linux pass like a fixed one.
  fcntl: {
    parameters: [
      "i32",
      "i32",
      "i32"
    ],
    result: "i32"
  }
};
var CHECK_SYMBOLS = {
  getsockname: {
    parameters: [
      "i32",
      "buffer",
      "buffer"
    ],
    result: "i32"
  },
  faccessat: {
    parameters: [
      "i32",
      "buffer",
      "i32",
      "i32"
    ],
    result: "i32"
  }
};
var STATX_SYMBOLS = {
  statx: {
    parameters: [
      "i32",
      "buffer",
      "i32",
      "u32",
      "buffer"
    ],
    result: "i32"
  }
};
var SYSCALL_SYMBOLS = {
  syscall: {
    parameters: [
      "u64",
      "i32",
      "buffer",
      "i32",
      "u32",
      "buffer"
    ],
    result: "i32"
  }
};
var SYS_STATX = {
  x86_64: 332n,
  aarch64: 291n
};
function openStatx(ffi5, names) {
  try {
    return ffi5.open(names, STATX_SYMBOLS).statx;
  } catch (error) {
    if (!(error instanceof NotifyError) || error.code !== "ENOSYS") throw error;
    const { syscall } = ffi5.open(names, SYSCALL_SYMBOLS);
    return (dirfd, path, flags, mask, buffer) => syscall(SYS_STATX[ffi5.arch], dirfd, path, flags, mask, buffer);
  }
}
__name(openStatx, "openStatx");
var MQ_SYMBOLS = {
  mq_getattr: {
    parameters: [
      "i32",
      "buffer"
    ],
    result: "i32"
  }
};
function libcNames(arch) {
  return [
    "libc.so.6",
    `libc.musl-${arch}.so.1`,
    "libc.so"
  ];
}
__name(libcNames, "libcNames");
function openLibc(ffi5) {
  if (ffi5.os !== "linux" || ffi5.arch !== "x86_64" && ffi5.arch !== "aarch64") {
    throw new NotifyError("ENOSYS", `Cannot send notification: ${ffi5.os}/${ffi5.arch} is not supported; sd_notify needs Linux on x86_64 or aarch64`);
  }
  const names = libcNames(ffi5.arch);
  const c = ffi5.open(names, SEND_SYMBOLS);
  let others;
  const o = /* @__PURE__ */ __name(() => others ??= ffi5.open(names, OTHER_SYMBOLS), "o");
  let checks;
  const k = /* @__PURE__ */ __name(() => checks ??= ffi5.open(names, CHECK_SYMBOLS), "k");
  let statx;
  let mq;
  const m = /* @__PURE__ */ __name(() => mq ??= ffi5.open([
    ...names,
    "librt.so.1"
  ], MQ_SYMBOLS), "m");
  const errnoLocation = c.__errno_location();
  return {
    socket: /* @__PURE__ */ __name((domain, type, protocol) => c.socket(domain, type, protocol), "socket"),
    connect: /* @__PURE__ */ __name((fd, address, length) => c.connect(fd, address, length), "connect"),
    bind: /* @__PURE__ */ __name((fd, address, length) => o().bind(fd, address, length), "bind"),
    setsockopt: /* @__PURE__ */ __name((fd, level, name, value, length) => c.setsockopt(fd, level, name, value, length), "setsockopt"),
    getsockopt: /* @__PURE__ */ __name((fd, level, name, value, length) => c.getsockopt(fd, level, name, value, length), "getsockopt"),
    sendmsg: /* @__PURE__ */ __name((fd, message, flags) => c.sendmsg(fd, message, flags), "sendmsg"),
    recvmsg: /* @__PURE__ */ __name((fd, message, flags) => o().recvmsg(fd, message, flags), "recvmsg"),
    poll: /* @__PURE__ */ __name((fds, count, timeoutMs) => c.poll(fds, BigInt(count), timeoutMs), "poll"),
    close: /* @__PURE__ */ __name((fd) => c.close(fd), "close"),
    clockGettime: /* @__PURE__ */ __name((clock, timespec) => c.clock_gettime(clock, timespec), "clockGettime"),
    unlink: /* @__PURE__ */ __name((path) => o().unlink(path), "unlink"),
    pipe2: /* @__PURE__ */ __name((fds, flags) => o().pipe2(fds, flags), "pipe2"),
    fcntl: /* @__PURE__ */ __name((fd, command, argument) => o().fcntl(fd, command, argument), "fcntl"),
    getsockname: /* @__PURE__ */ __name((fd, address, length) => k().getsockname(fd, address, length), "getsockname"),
    statx: /* @__PURE__ */ __name((dirfd, path, flags, mask, buffer) => (statx ??= openStatx(ffi5, names))(dirfd, path, flags, mask, buffer), "statx"),
    faccessat: /* @__PURE__ */ __name((dirfd, path, mode, flags) => k().faccessat(dirfd, path, mode, flags), "faccessat"),
    mqGetattr: /* @__PURE__ */ __name((fd, attributes) => m().mq_getattr(fd, attributes), "mqGetattr"),
    errno: /* @__PURE__ */ __name(() => ffi5.readInt32(errnoLocation), "errno"),
    addressOf: /* @__PURE__ */ __name((buffer) => ffi5.addressOf(buffer), "addressOf")
  };
}
__name(openLibc, "openLibc");

// ffi/node.ts
var NODE_TYPES = {
  i32: "int32",
  u32: "uint32",
  u64: "uint64",
  // Passed as an address: a `buffer` argument leaves V8's fast call path (~150 ns against ~50 ns).
  buffer: "pointer",
  pointer: "pointer",
  void: "void"
};
var nodeFfi;
var openLibraries = [];
var addresses = /* @__PURE__ */ new WeakMap();
function load2() {
  if (nodeFfi) return nodeFfi;
  const process = nodeProcess();
  const [major, minor] = (process.versions.node ?? "").split(".").map(Number);
  const recent = major > 26 || major === 26 && minor >= 1;
  if (!recent && !process.allowedNodeEnvironmentFlags?.has("--allow-ffi")) throw missingFfi(process.versions.node);
  if (process.permission?.has("ffi") === false) throw permissionError();
  const loaded = process.getBuiltinModule?.("node:ffi");
  if (loaded === void 0) {
    if (process.allowedNodeEnvironmentFlags?.has("--experimental-ffi")) {
      throw new NotifyError("ENOSYS", `Cannot send notification: node:ffi is off in Node.js ${process.versions.node}; run with --experimental-ffi (and without --no-experimental-ffi)`);
    }
    throw missingFfi(process.versions.node);
  }
  return nodeFfi = loaded;
}
__name(load2, "load");
function missingFfi(version) {
  return new NotifyError("ENOSYS", `Cannot send notification: Node.js ${version} has no node:ffi; sd_notify needs Node.js 26.1 or later`);
}
__name(missingFfi, "missingFfi");
function addressOf(buffer) {
  let address = addresses.get(buffer);
  if (address === void 0) {
    address = load2().getRawPointer(buffer);
    addresses.set(buffer, address);
  }
  return address;
}
__name(addressOf, "addressOf");
function passingAddresses(fn, parameters) {
  if (!parameters.includes("buffer")) return fn;
  return (...args) => {
    for (let i = 0; i < args.length; i++) if (parameters[i] === "buffer") args[i] = addressOf(args[i]);
    return fn(...args);
  };
}
__name(passingAddresses, "passingAddresses");
function permissionError() {
  return new NotifyError("EPERM", "Cannot send notification: Node.js runs with --permission, which forbids FFI, and sd_notify calls libc through node:ffi; add --allow-ffi");
}
__name(permissionError, "permissionError");
function isAccessDenied(error) {
  return error?.code === "ERR_ACCESS_DENIED";
}
__name(isAccessDenied, "isAccessDenied");
var ffi3 = {
  get os() {
    return nodeProcess().platform;
  },
  get arch() {
    return linuxArch(nodeProcess().arch);
  },
  open(names, symbols) {
    const node = load2();
    const table = {};
    for (const [name, { parameters, result }] of Object.entries(symbols)) {
      table[name] = {
        arguments: parameters.map((type) => NODE_TYPES[type]),
        return: NODE_TYPES[result]
      };
    }
    const { lib, functions } = openFirst(
      names,
      (name) => node.dlopen(name, table),
      // catches what that check cannot see (a permission model without process.permission.has("ffi")).
      (error) => isAccessDenied(error) ? permissionError() : void 0
    );
    openLibraries.push(lib);
    const wrapped = {};
    for (const [symbol, { parameters }] of Object.entries(symbols)) {
      wrapped[symbol] = passingAddresses(functions[symbol], parameters);
    }
    return wrapped;
  },
  readInt32: /* @__PURE__ */ __name((pointer) => load2().getInt32(pointer, 0), "readInt32"),
  addressOf: /* @__PURE__ */ __name((buffer) => load2().getRawPointer(buffer), "addressOf")
};
function openThreadLibc3(name) {
  const ffi5 = globalThis.process.getBuiltinModule("node:ffi");
  const table = {
    socket: {
      arguments: [
        "int32",
        "int32",
        "int32"
      ],
      return: "int32"
    },
    sendto: {
      arguments: [
        "int32",
        "pointer",
        "uint64",
        "int32",
        "pointer",
        "uint32"
      ],
      return: "int64"
    },
    write: {
      arguments: [
        "int32",
        "pointer",
        "uint64"
      ],
      return: "int64"
    },
    close: {
      arguments: [
        "int32"
      ],
      return: "int32"
    }
  };
  const library = ffi5.dlopen(name, table);
  const c = /* @__PURE__ */ __name(() => library.functions, "c");
  const at = /* @__PURE__ */ __name((bytes) => ffi5.getRawPointer(bytes), "at");
  return {
    socket: /* @__PURE__ */ __name((domain, type, protocol) => c().socket(domain, type, protocol), "socket"),
    sendto: /* @__PURE__ */ __name((fd, bytes, flags, address) => Number(c().sendto(fd, at(bytes), BigInt(bytes.length), flags, at(address), address.length)), "sendto"),
    write: /* @__PURE__ */ __name((fd, bytes) => Number(c().write(fd, at(bytes), BigInt(bytes.length))), "write"),
    close: /* @__PURE__ */ __name((fd) => c().close(fd), "close")
  };
}
__name(openThreadLibc3, "openThreadLibc");
async function mainThreadStack(timeoutMs) {
  const shared = globalThis;
  if (shared.stallInspector === void 0) {
    const { Session } = shared.process.getBuiltinModule("node:inspector");
    const session2 = new Session();
    session2.connectToMainThread();
    const urls2 = /* @__PURE__ */ new Map();
    session2.on("Debugger.scriptParsed", ({ params }) => urls2.set(params.scriptId, params.url));
    shared.stallInspector = {
      session: session2,
      urls: urls2
    };
  }
  const { session, urls } = shared.stallInspector;
  return await new Promise((resolve) => {
    let asked = false;
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve([]);
    }, timeoutMs);
    const finish = /* @__PURE__ */ __name((frames) => {
      clearTimeout(timer);
      session.off("Debugger.paused", paused);
      resolve(frames);
      session.post("Debugger.disable");
    }, "finish");
    const paused = /* @__PURE__ */ __name(({ params }) => {
      if (!asked) return finish([]);
      const frames = params.callFrames.slice(0, 8).map((frame) => {
        const { scriptId, lineNumber, columnNumber } = frame.location;
        const url = frame.url || urls.get(scriptId) || `script ${scriptId}`;
        return `${frame.functionName || "<anonymous>"} (${url}:${lineNumber + 1}:${columnNumber + 1})`;
      });
      session.post("Debugger.resume", () => finish(frames));
    }, "paused");
    session.on("Debugger.paused", paused);
    const enabling = performance.now();
    session.post("Debugger.enable", (error) => {
      if (error || late || performance.now() - enabling > 100) return finish([]);
      asked = true;
      session.post("Debugger.pause");
    });
  });
}
__name(mainThreadStack, "mainThreadStack");
var runtime3 = {
  name: "Node.js",
  ffi: ffi3,
  environment: /* @__PURE__ */ __name(() => recordEnvironment(nodeProcess().env), "environment"),
  pid: /* @__PURE__ */ __name(() => nodeProcess().pid, "pid"),
  unref: /* @__PURE__ */ __name((timer) => timer.unref(), "unref"),
  onSignal: onProcessSignal,
  // clock_gettime() through node:ffi ~60 ns, performance.now() ~50 ns.
  ffiClockIsFaster: false,
  startThread: startWorkerThread,
  isMainThread,
  openThreadLibc: openThreadLibc3,
  mainThreadStack
};

// ffi/runtime.ts
function unsupported(what, advice = "") {
  throw new NotifyError("ENOSYS", `Cannot ${what}: this runtime is not Deno, Bun or Node.js${advice}`);
}
__name(unsupported, "unsupported");
var unknown = {
  name: "an unknown runtime",
  ffi: {
    os: "unknown",
    arch: "unknown",
    open: /* @__PURE__ */ __name(() => unsupported("send notification", ", and sd_notify needs one of their FFIs"), "open"),
    readInt32: /* @__PURE__ */ __name(() => unsupported("read memory through FFI"), "readInt32"),
    addressOf: /* @__PURE__ */ __name(() => unsupported("take an address through FFI"), "addressOf")
  },
  environment: /* @__PURE__ */ __name(() => unsupported("read the environment", "; pass the `env` option"), "environment"),
  pid: /* @__PURE__ */ __name(() => unsupported("tell this process's id", "; pass the `pid` option"), "pid"),
  unref: /* @__PURE__ */ __name(() => {
  }, "unref"),
  onSignal: /* @__PURE__ */ __name(() => unsupported("listen for signals"), "onSignal"),
  ffiClockIsFaster: false,
  startThread: /* @__PURE__ */ __name(() => unsupported("start a helper thread"), "startThread"),
  isMainThread: /* @__PURE__ */ __name(() => true, "isMainThread"),
  openThreadLibc: /* @__PURE__ */ __name(() => unsupported("open libc in a helper thread"), "openThreadLibc")
};
function detect() {
  if ("Bun" in globalThis) return runtime;
  if ("Deno" in globalThis) return runtime2;
  if (nodeProcess()?.versions?.node !== void 0) return runtime3;
  return unknown;
}
__name(detect, "detect");
var runtime4 = detect();
var ffi4 = runtime4.ffi;
var libc;
function loadLibc() {
  return libc ??= openLibc(ffi4);
}
__name(loadLibc, "loadLibc");

// src/errno.ts
var NAMES = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  5: "EIO",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  14: "EFAULT",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  32: "EPIPE",
  34: "ERANGE",
  36: "ENAMETOOLONG",
  38: "ENOSYS",
  40: "ELOOP",
  71: "EPROTO",
  88: "ENOTSOCK",
  89: "EDESTADDRREQ",
  90: "EMSGSIZE",
  91: "EPROTOTYPE",
  93: "EPROTONOSUPPORT",
  94: "ESOCKTNOSUPPORT",
  95: "EOPNOTSUPP",
  97: "EAFNOSUPPORT",
  104: "ECONNRESET",
  105: "ENOBUFS",
  106: "EISCONN",
  107: "ENOTCONN",
  109: "ETOOMANYREFS",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED"
};
function errnoName(errno) {
  return NAMES[errno] ?? `E${errno}`;
}
__name(errnoName, "errnoName");

// src/environment.ts
function processEnvironment() {
  return runtime4.environment();
}
__name(processEnvironment, "processEnvironment");
function toEnvironment(source) {
  if (source === void 0) return processEnvironment();
  if (typeof source.get === "function" && typeof source.delete === "function") {
    return source;
  }
  return recordEnvironment(source);
}
__name(toEnvironment, "toEnvironment");
function unsetVariables(env, names) {
  for (const name of names) env.delete(name);
}
__name(unsetVariables, "unsetVariables");
function processId() {
  return runtime4.pid();
}
__name(processId, "processId");

// src/numeric_option.ts
var MAX_TIMER_MS = 2147483647;
function integerOption(context, name, value, fallback, min, max) {
  if (value === void 0) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw refused(context, `${name} is ${describe(value)}; pass an integer from ${min} to ${max}`);
  }
  return value;
}
__name(integerOption, "integerOption");
function timeoutOption(context, name, value, fallback) {
  return integerOption(context, name, value, fallback, 0, MAX_TIMER_MS);
}
__name(timeoutOption, "timeoutOption");
function describe(value) {
  return typeof value === "number" ? String(value) : `${typeof value} ${String(value)}`;
}
__name(describe, "describe");

export {
  __name,
  NotifyError,
  refused,
  libcNames,
  runtime4 as runtime,
  loadLibc,
  errnoName,
  AF_UNIX,
  AF_INET,
  AF_INET6,
  INT_MAX,
  UINT64_MAX,
  SOCK_STREAM,
  SOCK_DGRAM,
  SOCK_SEQPACKET,
  SOCK_NONBLOCK,
  SOCK_CLOEXEC,
  MSG_DONTWAIT,
  MSG_NOSIGNAL,
  POLLOUT,
  POLLHUP,
  O_CLOEXEC,
  F_GETFD,
  F_SETFD,
  FD_CLOEXEC,
  F_DUPFD_CLOEXEC,
  SOL_SOCKET,
  SCM_RIGHTS,
  SO_TYPE,
  SO_SNDBUF,
  SO_ACCEPTCONN,
  SO_SNDBUFFORCE,
  SCM_MAX_FD,
  CLOCK_MONOTONIC,
  AT_FDCWD,
  AT_SYMLINK_NOFOLLOW,
  AT_NO_AUTOMOUNT,
  AT_EMPTY_PATH,
  F_OK,
  STATX_BASIC_STATS,
  S_IFMT,
  S_IFSOCK,
  S_IFREG,
  S_IFCHR,
  S_IFIFO,
  ENOENT,
  EINTR,
  EBADF,
  EAGAIN,
  ENOTDIR,
  EINVAL,
  ECONNREFUSED,
  MSGHDR,
  IOVEC,
  POLLFD,
  CMSGHDR,
  cmsgSpace,
  TIMESPEC,
  STATX,
  SOCKADDR,
  MQ_ATTR_SIZE,
  toEnvironment,
  unsetVariables,
  processId,
  parseNotifyAddress,
  MAX_TIMER_MS,
  integerOption,
  timeoutOption
};
