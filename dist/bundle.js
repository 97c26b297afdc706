// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// src/error.ts
var NotifyError = class extends Error {
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

// ffi/node_process.ts
function nodeProcess() {
  return globalThis.process;
}
function linuxArch(processArch) {
  return {
    x64: "x86_64",
    arm64: "aarch64"
  }[processArch] ?? processArch;
}
function isMainThread() {
  const threads = nodeProcess()?.getBuiltinModule?.("node:worker_threads");
  return threads?.isMainThread !== false;
}
function onProcessSignal(signal, listener) {
  if (!isMainThread()) {
    throw new NotifyError("EOPNOTSUPP", `Cannot listen for ${signal}: signals reach only the main thread on Node.js and Bun, and this is a Worker; call it on the main thread (and pass the reload to the Worker with postMessage)`);
  }
  nodeProcess().on(signal, listener);
  return () => void nodeProcess().off(signal, listener);
}
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
    close: () => worker.postMessage("close")
  };
}

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

// ffi/bun.ts
var bunFfi;
function load() {
  return bunFfi ??= import.meta.require("bun:ffi");
}
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
  readInt32: (pointer) => load().read.i32(pointer, 0),
  addressOf: (buffer) => BigInt(load().ptr(buffer)),
  pointerTo: (buffer) => load().ptr(buffer)
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
    socket: (domain, type, protocol) => c.socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) => Number(c.sendto(fd, bytes, bytes.length, flags, address, address.length)),
    write: (fd, bytes) => Number(c.write(fd, bytes, bytes.length)),
    close: (fd) => c.close(fd)
  };
}
var runtime = {
  ffi,
  environment: () => globalThis.Bun.env,
  pid: () => nodeProcess().pid,
  unref: (timer) => timer.unref(),
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
function envPermissionError(name) {
  return new NotifyError("EPERM", `Cannot read ${name}: Deno needs permission to read the environment; run with --allow-env (or --allow-env=NOTIFY_SOCKET,WATCHDOG_USEC,WATCHDOG_PID)`);
}
function withEnvPermission(name, action) {
  try {
    return action();
  } catch (error) {
    throw isNotCapable(error) ? envPermissionError(name) : error;
  }
}
var environment = {
  get: (name) => withEnvPermission(name, () => Deno.env.get(name)),
  delete: (name) => withEnvPermission(name, () => Deno.env.delete(name))
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
  readInt32: (pointer) => new Deno.UnsafePointerView(pointer).getInt32(),
  addressOf: (buffer) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer))),
  pointerTo: (buffer) => Deno.UnsafePointer.of(buffer)
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
    socket: (domain, type, protocol) => c.socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) => Number(c.sendto(fd, bytes, BigInt(bytes.length), flags, address, address.length)),
    write: (fd, bytes) => Number(c.write(fd, bytes, BigInt(bytes.length))),
    close: (fd) => c.close(fd)
  };
}
var runtime2 = {
  ffi: ffi2,
  environment: () => environment,
  pid: () => Deno.pid,
  unref: (timer) => Deno.unrefTimer(timer),
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
  // A pointer made once rather than a buffer: it crosses as it is on every runtime (Node.js has no wrapper around it).
  sendmsg: {
    parameters: [
      "i32",
      "pointer",
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
function openLibc(ffi5) {
  if (ffi5.os !== "linux" || ffi5.arch !== "x86_64" && ffi5.arch !== "aarch64") {
    throw new NotifyError("ENOSYS", `Cannot send notification: ${ffi5.os}/${ffi5.arch} is not supported; sd_notify needs Linux on x86_64 or aarch64`);
  }
  const names = libcNames(ffi5.arch);
  const c = ffi5.open(names, SEND_SYMBOLS);
  let others;
  const o = () => others ??= ffi5.open(names, OTHER_SYMBOLS);
  let checks;
  const k = () => checks ??= ffi5.open(names, CHECK_SYMBOLS);
  let statx;
  let mq;
  const m = () => mq ??= ffi5.open([
    ...names,
    "librt.so.1"
  ], MQ_SYMBOLS);
  const errnoLocation = c.__errno_location();
  const { socket, connect, setsockopt, getsockopt, sendmsg, close } = c;
  return {
    socket,
    connect,
    bind: (fd, address, length) => o().bind(fd, address, length),
    setsockopt,
    getsockopt,
    sendmsg,
    recvmsg: (fd, message, flags) => o().recvmsg(fd, message, flags),
    poll: (fds, count, timeoutMs) => c.poll(fds, BigInt(count), timeoutMs),
    close,
    clockGettime: c.clock_gettime,
    unlink: (path) => o().unlink(path),
    pipe2: (fds, flags) => o().pipe2(fds, flags),
    fcntl: (fd, command, argument) => o().fcntl(fd, command, argument),
    getsockname: (fd, address, length) => k().getsockname(fd, address, length),
    statx: (dirfd, path, flags, mask, buffer) => (statx ??= openStatx(ffi5, names))(dirfd, path, flags, mask, buffer),
    faccessat: (dirfd, path, mode, flags) => k().faccessat(dirfd, path, mode, flags),
    mqGetattr: (fd, attributes) => m().mq_getattr(fd, attributes),
    errno: () => ffi5.readInt32(errnoLocation),
    addressOf: (buffer) => ffi5.addressOf(buffer),
    pointerTo: (buffer) => ffi5.pointerTo(buffer)
  };
}

// ffi/node.ts
var NODE_TYPES = {
  i32: "int32",
  u32: "uint32",
  u64: "uint64",
  buffer: "pointer",
  pointer: "pointer",
  void: "void"
};
var nodeFfi;
var openLibraries = [];
function load2() {
  if (nodeFfi) return nodeFfi;
  const process = nodeProcess();
  if (!process.allowedNodeEnvironmentFlags?.has("--allow-ffi")) throw missingFfi(process.versions.node);
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
function missingFfi(version) {
  return new NotifyError("ENOSYS", `Cannot send notification: Node.js ${version} has no node:ffi; sd_notify needs Node.js 26.1 or later`);
}
function addressOf(buffer) {
  return load2().getRawPointer(buffer);
}
function permissionError() {
  return new NotifyError("EPERM", "Cannot send notification: Node.js runs with --permission, which forbids FFI, and sd_notify calls libc through node:ffi; add --allow-ffi");
}
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
      // catches what that check cannot see (a permission model without process.permission.has("ffi")). No cause:
      // Node's own message says the same.
      (error) => error?.code === "ERR_ACCESS_DENIED" ? permissionError() : void 0
    );
    openLibraries.push(lib);
    return functions;
  },
  readInt32: (pointer) => load2().getInt32(pointer, 0),
  addressOf,
  pointerTo: addressOf
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
  const c = () => library.functions;
  const at = (bytes) => ffi5.getRawPointer(bytes);
  return {
    socket: (domain, type, protocol) => c().socket(domain, type, protocol),
    sendto: (fd, bytes, flags, address) => Number(c().sendto(fd, at(bytes), BigInt(bytes.length), flags, at(address), address.length)),
    write: (fd, bytes) => Number(c().write(fd, at(bytes), BigInt(bytes.length))),
    close: (fd) => c().close(fd)
  };
}
async function mainThreadStack(timeoutMs) {
  const shared2 = globalThis;
  if (shared2.stallInspector === void 0) {
    const { Session } = shared2.process.getBuiltinModule("node:inspector");
    const session2 = new Session();
    session2.connectToMainThread();
    const urls2 = /* @__PURE__ */ new Map();
    session2.on("Debugger.scriptParsed", ({ params }) => urls2.set(params.scriptId, params.url));
    shared2.stallInspector = {
      session: session2,
      urls: urls2
    };
  }
  const { session, urls } = shared2.stallInspector;
  return await new Promise((resolve) => {
    let asked = false;
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve([]);
    }, timeoutMs);
    const finish = (frames) => {
      clearTimeout(timer);
      session.off("Debugger.paused", paused);
      resolve(frames);
      session.post("Debugger.disable");
    };
    const paused = ({ params }) => {
      if (!asked) return finish([]);
      const frames = params.callFrames.slice(0, 8).map((frame) => {
        const { scriptId, lineNumber, columnNumber } = frame.location;
        const url = frame.url || urls.get(scriptId) || `script ${scriptId}`;
        return `${frame.functionName || "<anonymous>"} (${url}:${lineNumber + 1}:${columnNumber + 1})`;
      });
      session.post("Debugger.resume", () => finish(frames));
    };
    session.on("Debugger.paused", paused);
    const enabling = performance.now();
    session.post("Debugger.enable", (error) => {
      if (error || late || performance.now() - enabling > 100) return finish([]);
      asked = true;
      session.post("Debugger.pause");
    });
  });
}
var runtime3 = {
  ffi: ffi3,
  environment: () => nodeProcess().env,
  pid: () => nodeProcess().pid,
  unref: (timer) => timer.unref(),
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
var unknown = {
  ffi: {
    os: "unknown",
    arch: "unknown",
    open: () => unsupported("send notification", ", and sd_notify needs one of their FFIs"),
    readInt32: () => unsupported("read memory through FFI"),
    addressOf: () => unsupported("take an address through FFI"),
    pointerTo: () => unsupported("take an address through FFI")
  },
  environment: () => unsupported("read the environment", "; pass the `env` option"),
  pid: () => unsupported("tell this process's id", "; pass the `pid` option"),
  unref: () => {
  },
  onSignal: () => unsupported("listen for signals"),
  ffiClockIsFaster: false,
  startThread: () => unsupported("start a helper thread"),
  isMainThread: () => true,
  openThreadLibc: () => unsupported("open libc in a helper thread")
};
function detect() {
  if ("Bun" in globalThis) return runtime;
  if ("Deno" in globalThis) return runtime2;
  if (nodeProcess()?.versions?.node !== void 0) return runtime3;
  return unknown;
}
var runtime4 = detect();
var ffi4 = runtime4.ffi;
var libc;
function loadLibc() {
  return libc ??= openLibc(ffi4);
}

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
var cmsgSpace = (n) => CMSGHDR.size + Math.ceil(n / 8) * 8;
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

// src/monotonic.ts
var timespec = new Uint8Array(TIMESPEC.size);
var view = new DataView(timespec.buffer);
function readClock(libc2) {
  if (libc2.clockGettime(CLOCK_MONOTONIC, timespec) !== 0) {
    const code = errnoName(libc2.errno());
    throw new NotifyError(code, `Cannot read CLOCK_MONOTONIC: clock_gettime() failed with ${code}`);
  }
}
function monotonicUsec() {
  readClock(loadLibc());
  return view.getBigInt64(TIMESPEC.sec, true) * 1000000n + view.getBigInt64(TIMESPEC.nsec, true) / 1000n;
}
function monotonicMsClock() {
  if (!runtime4.ffiClockIsFaster) return () => performance.now();
  const libc2 = loadLibc();
  return () => {
    readClock(libc2);
    return view.getUint32(TIMESPEC.sec, true) * 1e3 + view.getUint32(TIMESPEC.nsec, true) / 1e6;
  };
}

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

// src/descriptor_checks.ts
var FAMILIES = {
  unix: AF_UNIX,
  inet: AF_INET,
  inet6: AF_INET6
};
var TYPES = {
  stream: SOCK_STREAM,
  dgram: SOCK_DGRAM,
  seqpacket: SOCK_SEQPACKET
};
var encoder = new TextEncoder();
var CONTEXT = "Cannot check file descriptor";
function failed(fd, call, errno) {
  const code = errnoName(errno);
  return new NotifyError(code, `Cannot check file descriptor ${fd}: ${call} failed with ${code}`);
}
function shown(value, expected) {
  const text = typeof value === "string" ? JSON.stringify(value) : describe(value);
  const type = typeof value;
  return type === expected ? text : `${text} (a ${type})`;
}
function libcFor(context) {
  try {
    return loadLibc();
  } catch (error) {
    if (!(error instanceof NotifyError)) throw error;
    const message = error.message.replace(/^Cannot send notification/, context).replace(" (and --allow-env)", "");
    throw new NotifyError(error.code, message, {
      cause: error.cause
    });
  }
}
function checkFd(fd) {
  if (typeof fd !== "number" || !Number.isInteger(fd)) {
    throw refused(CONTEXT, `${shown(fd, "number")} is not an integer`);
  }
  if (fd < 0 || fd > INT_MAX) {
    throw new NotifyError("EBADF", `Cannot check file descriptor ${fd}: it is not a descriptor (EBADF)`);
  }
  return fd;
}
function checkOption(what, value, table) {
  if (value === void 0) return void 0;
  if (typeof value === "string" && Object.hasOwn(table, value)) return table[value];
  throw refused(CONTEXT, `${what} is ${shown(value, "string")}; pass ${Object.keys(table).join(", ")}`);
}
function checkListening(value) {
  if (value === void 0 || typeof value === "boolean") return value;
  throw refused(CONTEXT, `listening is ${shown(value, "boolean")}; pass true or false`);
}
function cPath(what, path) {
  if (typeof path !== "string" || path.includes("\0")) {
    throw refused(CONTEXT, `${what} ${shown(path, "string")} is not a path without NUL bytes`);
  }
  return encoder.encode(path + "\0");
}
function identityOf(buffer) {
  const view3 = new DataView(buffer.buffer);
  const u32 = (at) => view3.getUint32(at, true);
  return {
    type: view3.getUint16(STATX.mode, true) & S_IFMT,
    device: u32(STATX.devMajor) * 2 ** 32 + u32(STATX.devMinor),
    inode: view3.getBigUint64(STATX.ino, true),
    specialDevice: u32(STATX.rdevMajor) * 2 ** 32 + u32(STATX.rdevMinor)
  };
}
var EMPTY_PATH = new Uint8Array(1);
function fstat(libc2, fd) {
  const buffer = new Uint8Array(STATX.size);
  if (libc2.statx(fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, buffer) < 0) {
    throw failed(fd, "fstat()", libc2.errno());
  }
  return identityOf(buffer);
}
function stat(libc2, fd, path, missingIsFalse) {
  const buffer = new Uint8Array(STATX.size);
  if (libc2.statx(AT_FDCWD, path, AT_NO_AUTOMOUNT, STATX_BASIC_STATS, buffer) === 0) return identityOf(buffer);
  const errno = libc2.errno();
  if (missingIsFalse && (errno === ENOENT || errno === ENOTDIR)) return false;
  const shownPath = new TextDecoder().decode(path.subarray(0, -1));
  throw failed(fd, `stat(${JSON.stringify(shownPath)})`, errno);
}
var sameInode = (a, b) => a.type === b.type && a.device === b.device && a.inode === b.inode;
function intOption(libc2, fd, name) {
  const value = new Int32Array(1);
  const length = new Uint32Array([
    4
  ]);
  if (libc2.getsockopt(fd, SOL_SOCKET, name, new Uint8Array(value.buffer), new Uint8Array(length.buffer)) < 0) {
    throw failed(fd, "getsockopt()", libc2.errno());
  }
  if (length[0] !== 4) throw failed(fd, "getsockopt()", EINVAL);
  return value[0];
}
function isSocketOf(libc2, fd, type, listening) {
  if (fstat(libc2, fd).type !== S_IFSOCK) return false;
  if (type !== void 0 && intOption(libc2, fd, SO_TYPE) !== type) return false;
  return listening === void 0 || intOption(libc2, fd, SO_ACCEPTCONN) !== 0 === listening;
}
function socketName(libc2, fd) {
  const bytes = new Uint8Array(SOCKADDR.size);
  const length = new Uint32Array([
    SOCKADDR.size
  ]);
  if (libc2.getsockname(fd, bytes, new Uint8Array(length.buffer)) < 0) throw failed(fd, "getsockname()", libc2.errno());
  if (length[0] < 2) throw failed(fd, "getsockname()", EINVAL);
  return {
    bytes,
    length: length[0],
    family: bytes[SOCKADDR.family] | bytes[SOCKADDR.family + 1] << 8
  };
}
function sdIsSocket(fd, options = {}) {
  checkFd(fd);
  const family = checkOption("family", options.family, FAMILIES);
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const libc2 = libcFor(CONTEXT);
  if (!isSocketOf(libc2, fd, type, listening)) return false;
  return family === void 0 || socketName(libc2, fd).family === family;
}
function sdIsSocketInet(fd, options = {}) {
  checkFd(fd);
  const family = checkOption("family", options.family, {
    inet: AF_INET,
    inet6: AF_INET6
  });
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const port = options.port;
  if (port !== void 0 && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw refused(CONTEXT, `port is ${shown(port, "number")}; pass an integer from 1 to 65535, or leave port out to match any`);
  }
  const libc2 = libcFor(CONTEXT);
  if (!isSocketOf(libc2, fd, type, listening)) return false;
  const name = socketName(libc2, fd);
  if (name.family !== AF_INET && name.family !== AF_INET6) return false;
  if (family !== void 0 && name.family !== family) return false;
  return port === void 0 || (name.bytes[SOCKADDR.port] << 8 | name.bytes[SOCKADDR.port + 1]) === port;
}
function sdIsSocketUnix(fd, options = {}) {
  checkFd(fd);
  const type = checkOption("type", options.type, TYPES);
  const listening = checkListening(options.listening);
  const path = options.path;
  const abstract = typeof path === "string" && path.startsWith("@");
  const wanted = path === void 0 ? void 0 : abstract ? encoder.encode(`\0${path.slice(1)}`) : cPath("path", path);
  const libc2 = libcFor(CONTEXT);
  if (!isSocketOf(libc2, fd, type, listening)) return false;
  const { bytes, length, family } = socketName(libc2, fd);
  if (family !== AF_UNIX) return false;
  if (wanted === void 0) return true;
  const at = SOCKADDR.path;
  if (path === "") return length === at;
  const size = abstract ? wanted.length : wanted.length - 1;
  if (abstract ? length !== at + size : length < at + size + 1) return false;
  return wanted.every((byte, i) => bytes[at + i] === byte);
}
function sdIsFifo(fd, path) {
  checkFd(fd);
  const wanted = path === void 0 ? void 0 : cPath("path", path);
  const libc2 = libcFor(CONTEXT);
  const file = fstat(libc2, fd);
  if (file.type !== S_IFIFO) return false;
  if (wanted === void 0) return true;
  const atPath = stat(libc2, fd, wanted, true);
  return atPath !== false && sameInode(file, atPath);
}
function sdIsSpecial(fd, path) {
  checkFd(fd);
  const wanted = path === void 0 ? void 0 : cPath("path", path);
  const libc2 = libcFor(CONTEXT);
  const file = fstat(libc2, fd);
  if (file.type !== S_IFREG && file.type !== S_IFCHR) return false;
  if (wanted === void 0) return true;
  const atPath = stat(libc2, fd, wanted, true);
  if (atPath === false || atPath.type !== file.type) return false;
  return file.type === S_IFREG ? sameInode(file, atPath) : file.specialDevice === atPath.specialDevice;
}
function sdIsMq(fd, path) {
  checkFd(fd);
  const wanted = path === void 0 ? void 0 : cPath("path", path);
  const libc2 = libcFor(CONTEXT);
  if (libc2.fcntl(fd, F_GETFD, 0) < 0) throw failed(fd, "fcntl()", libc2.errno());
  if (libc2.mqGetattr(fd, new Uint8Array(MQ_ATTR_SIZE)) < 0) {
    const errno = libc2.errno();
    if (errno === EBADF) return false;
    throw failed(fd, "mq_getattr()", errno);
  }
  if (wanted === void 0) return true;
  if (wanted[0] !== 47) {
    throw refused(CONTEXT, `path ${JSON.stringify(path)} is not absolute; pass /name`);
  }
  const atPath = stat(libc2, fd, cPath("path", `/dev/mqueue${path}`), false);
  return sameInode(fstat(libc2, fd), atPath);
}

// src/booted.ts
var RUNTIME_UNIT_DIRECTORY = new TextEncoder().encode("/run/systemd/system/\0");
function sdBooted() {
  const libc2 = libcFor("Cannot tell whether systemd booted this system");
  if (libc2.faccessat(AT_FDCWD, RUNTIME_UNIT_DIRECTORY, F_OK, AT_SYMLINK_NOFOLLOW) === 0) return true;
  const errno = libc2.errno();
  if (errno === ENOENT) return false;
  const code = errnoName(errno);
  throw new NotifyError(code, `Cannot tell whether systemd booted this system: access() failed with ${code}`);
}

// src/environment.ts
function readVariable(source, name) {
  const env = source ?? runtime4.environment();
  return isEnvironment(env) ? env.get(name) : env[name];
}
function unsetVariables(source, names) {
  const env = source ?? runtime4.environment();
  for (const name of names) {
    if (isEnvironment(env)) env.delete(name);
    else delete env[name];
  }
}
function isEnvironment(source) {
  return typeof source.get === "function" && typeof source.delete === "function";
}
function processId() {
  return runtime4.pid();
}

// src/parse_integer.ts
var U64_LIMIT = UINT64_MAX + 1n;
var INT_LIMIT = BigInt(INT_MAX) + 1n;
var LONG_LIMIT = 1n << 63n;
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
function parse(input, signed) {
  let text = input.replace(/^[ \t\n\r]+/, "");
  let base = /^0[bB]/.test(text) ? 2 : /^0[oO]/.test(text) ? 8 : 0;
  if (base !== 0) text = text.slice(2);
  let at = /^[ \t\n\v\f\r]*/.exec(text)[0].length;
  const negative = text[at] === "-";
  if (negative || text[at] === "+") at++;
  if (base === 0) {
    if (/^0[xX][0-9a-fA-F]/.test(text.slice(at))) [base, at] = [
      16,
      at + 2
    ];
    else base = text[at] === "0" ? 8 : 10;
  }
  const [digitsOf, prefix] = DIGITS[base];
  const digits = digitsOf.exec(text.slice(at))?.[0];
  if (digits === void 0) return {
    error: "EINVAL"
  };
  const magnitude = BigInt(prefix + digits);
  if (magnitude > (signed ? negative ? LONG_LIMIT : LONG_LIMIT - 1n : UINT64_MAX)) return {
    error: "ERANGE"
  };
  if (at + digits.length !== text.length) return {
    error: "EINVAL"
  };
  if (signed) {
    const value2 = negative ? -magnitude : magnitude;
    return value2 < -INT_LIMIT || value2 >= INT_LIMIT ? {
      error: "ERANGE"
    } : {
      value: value2
    };
  }
  const value = negative ? (U64_LIMIT - magnitude) % U64_LIMIT : magnitude;
  return value !== 0n && text[0] === "-" ? {
    error: "ERANGE"
  } : {
    value
  };
}
function parseUnsigned(input) {
  return parse(input, false);
}
function parseInt32(input) {
  return parse(input, true);
}
function parsePid(input) {
  const parsed = parseUnsigned(input);
  if ("error" in parsed) return parsed;
  return parsed.value === 0n || parsed.value >= INT_LIMIT ? {
    error: "ERANGE"
  } : parsed;
}

// src/listen_fds.ts
var SD_LISTEN_FDS_START = 3;
function refuse(code, name, value, rule) {
  return refused("Cannot read passed file descriptors", `${name}=${JSON.stringify(value)} is not ${rule}`, code);
}
function readListenFdsCount(options = {}) {
  const pidText = readVariable(options.env, "LISTEN_PID");
  if (pidText === void 0) return 0;
  const pid = parsePid(pidText);
  if ("error" in pid) throw refuse(pid.error, "LISTEN_PID", pidText, "a valid process id");
  if (Number(pid.value) !== (options.pid ?? processId())) return 0;
  const countText = readVariable(options.env, "LISTEN_FDS");
  if (countText === void 0) return 0;
  const count = parseInt32(countText);
  if ("error" in count) throw refuse(count.error, "LISTEN_FDS", countText, "a number of descriptors");
  if (count.value <= 0n || count.value > BigInt(INT_MAX - SD_LISTEN_FDS_START)) {
    throw refuse("EINVAL", "LISTEN_FDS", countText, "a positive number of descriptors");
  }
  return Number(count.value);
}
function sdListenFds(options = {}) {
  try {
    const count = readListenFdsCount(options);
    if (count > 0) {
      const libc2 = loadLibc();
      for (let fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + count; fd++) {
        const flags = libc2.fcntl(fd, F_GETFD, 0);
        if (flags < 0 || !(flags & FD_CLOEXEC) && libc2.fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
          const code = errnoName(libc2.errno());
          throw new NotifyError(code, `Cannot use passed file descriptor ${fd}: fcntl() failed with ${code}`);
        }
      }
    }
    return count;
  } finally {
    if (options.unsetEnvironment) {
      unsetVariables(options.env, [
        "LISTEN_PID",
        "LISTEN_FDS",
        "LISTEN_FDNAMES"
      ]);
    }
  }
}
function sdListenFdsWithNames(options = {}) {
  const namesText = readVariable(options.env, "LISTEN_FDNAMES");
  const count = sdListenFds(options);
  const names = namesText === void 0 ? Array(count).fill("unknown") : namesText === "" ? [] : namesText.split(":");
  if (count > 0 && names.length !== count) {
    throw refused("Cannot read passed file descriptors", `LISTEN_FDNAMES names ${names.length} of them, LISTEN_FDS says ${count}`);
  }
  return names.slice(0, count).map((name, i) => ({
    fd: SD_LISTEN_FDS_START + i,
    name
  }));
}

// src/address.ts
var encoder2 = new TextEncoder();
function refuse2(text, problem, code = "EINVAL") {
  return refused("Cannot send notification", `NOTIFY_SOCKET=${JSON.stringify(text)} ${problem}`, code);
}
function parseNotifyAddress(text) {
  if (/^vsock(-stream|-dgram|-seqpacket)?:/.test(text)) {
    throw refuse2(text, "is an AF_VSOCK address, which this library does not support yet; use an AF_UNIX socket (a path or @name)", "EAFNOSUPPORT");
  }
  if (text.includes("\0")) throw refuse2(text, "contains a NUL character");
  if (!text.isWellFormed()) throw refuse2(text, "is not valid Unicode");
  const bytes = encoder2.encode(text);
  if (bytes.length < 2) throw refuse2(text, "is too short; systemd sets an absolute path or @name");
  const kind = text[0] === "@" ? "abstract" : "path";
  if (kind === "path" && text[0] !== "/") {
    throw refuse2(text, "is a relative path; systemd sets an absolute path or @name");
  }
  if (bytes.length >= SUN_PATH_SIZE) {
    const problem = `is ${bytes.length} bytes long, more than the ${SUN_PATH_SIZE - 1} that fit in sun_path`;
    throw refuse2(text, problem, kind === "path" ? "ENAMETOOLONG" : "EINVAL");
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

// src/numeric_option.ts
var MAX_TIMER_MS = 2147483647;
function integerOption(context, name, value, fallback, min, max) {
  if (value === void 0) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw refused(context, `${name} is ${describe2(value)}; pass an integer from ${min} to ${max}`);
  }
  return value;
}
function timeoutOption(context, name, value, fallback) {
  return integerOption(context, name, value, fallback, 0, MAX_TIMER_MS);
}
function describe2(value) {
  return typeof value === "number" ? String(value) : `${typeof value} ${String(value)}`;
}

// src/barrier.ts
var BARRIER = new TextEncoder().encode("BARRIER=1");
function barrierTimeoutMs(options) {
  return timeoutOption("Cannot pass the notification barrier", "timeoutMs", options.timeoutMs, 5e3);
}
async function barrierThrough(send, timeoutMs, delivered = () => true) {
  const libc2 = loadLibc();
  const pipe = new Int32Array(2);
  if (libc2.pipe2(new Uint8Array(pipe.buffer), O_CLOEXEC) < 0) {
    const code = errnoName(libc2.errno());
    throw new NotifyError(code, `Cannot create the barrier's pipe: pipe2() failed with ${code}`);
  }
  const [readEnd, writeEnd] = pipe;
  try {
    let sent;
    try {
      sent = send(BARRIER, [
        writeEnd
      ]);
    } finally {
      libc2.close(writeEnd);
    }
    if (!sent) return false;
    const deadline = performance.now() + timeoutMs;
    for (let delayMs = 1; !hungUp(libc2, readEnd); delayMs = Math.min(delayMs * 2, 50)) {
      if (performance.now() > deadline) {
        throw new NotifyError("ETIMEDOUT", `Cannot pass the notification barrier: the service manager did not process it within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return delivered();
  } finally {
    libc2.close(readEnd);
  }
}
var pollfd = new Uint8Array(POLLFD.size);
var view2 = new DataView(pollfd.buffer);
function hungUp(libc2, fd) {
  view2.setInt32(POLLFD.fd, fd, true);
  view2.setInt16(POLLFD.events, 0, true);
  view2.setInt16(POLLFD.revents, 0, true);
  if (libc2.poll(pollfd, 1, 0) < 0) {
    const code = errnoName(libc2.errno());
    throw new NotifyError(code, `Cannot wait for the notification barrier: poll() failed with ${code}`);
  }
  return (view2.getInt16(POLLFD.revents, true) & POLLHUP) !== 0;
}

// src/assignments.ts
var DECIMAL = /^(0|[1-9][0-9]*)$/;
function exactly(...allowed) {
  return (value) => {
    if (allowed.includes(value)) return void 0;
    return `must be ${allowed.map((choice) => JSON.stringify(choice)).join(" or ")}`;
  };
}
function decimal(min, max, what) {
  return (value) => {
    if (DECIMAL.test(value)) {
      const number = BigInt(value);
      if (number >= min && number <= max) return void 0;
    }
    return `must be ${what} (a decimal integer from ${min} to ${max})`;
  };
}
var BUS_ERROR_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
var FD_NAME = /^[\x20-\x39\x3b-\x7e]{0,255}$/;
var busErrorName = (value) => value.length <= 255 && BUS_ERROR_NAME.test(value) ? void 0 : 'must be a D-Bus error name such as "org.freedesktop.DBus.Error.TimedOut"';
var ASSIGNMENT_RULES = {
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
  FDNAME: (value) => FD_NAME.test(value) ? void 0 : "must be at most 255 printable ASCII characters, without ':'"
};

// src/message.ts
var MAX_DATAGRAM_BYTES = 4096;
var KEY = /^[A-Z0-9_]+$/;
var encoder3 = new TextEncoder();
function refuse3(problem) {
  return refused("Cannot send notification", problem);
}
var REFUSED_CHARACTER = /[\n\r\0]/;
function checkValue(key, value) {
  if (REFUSED_CHARACTER.test(value)) refuseCharacters(key, value);
  if (!value.isWellFormed()) {
    throw refuse3(`the value of ${key} contains a lone UTF-16 surrogate, which has no UTF-8 form`);
  }
  checkRule(key, value);
}
function checkRule(key, value) {
  const problem = ASSIGNMENT_RULES[key]?.(value);
  if (problem) throw refuse3(`${key}=${JSON.stringify(value)} is refused: ${key} ${problem}`);
}
function refuseCharacters(key, value) {
  if (value.includes("\n") || value.includes("\r")) {
    throw refuse3(`the value of ${key} contains a line break, which systemd would read as a second assignment`);
  }
  throw refuse3(`the value of ${key} contains a NUL character, so systemd would drop the message`);
}
function checkKey(key) {
  if (!KEY.test(key)) {
    throw refuse3(`the key ${JSON.stringify(key)} is not made of A-Z, 0-9 and _ only`);
  }
}
function valueText(key, value) {
  switch (typeof value) {
    case "string":
      checkValue(key, value);
      return value;
    case "boolean":
      checkRule(key, "1");
      return "1";
    case "number":
      if (!Number.isInteger(value)) throw refuse3(`the value of ${key} is ${value}, not an integer`);
      if (!Number.isSafeInteger(value)) {
        throw refuse3(`the value of ${key} is ${value}, too large to be exact as a number; pass a string or a bigint`);
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
function checkLines(state) {
  const lines = state.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const equals = line.indexOf("=");
    if (equals <= 0) {
      throw refuse3(`line ${index + 1} (${JSON.stringify(line)}) is not a KEY=value assignment`);
    }
    const key = line.slice(0, equals);
    checkKey(key);
    checkValue(key, line.slice(equals + 1));
  });
}
function formatState(state) {
  if (typeof state !== "string") {
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw refuse3(`the state is ${describe(state)}; pass a string of KEY=value lines or an object of assignments`);
    }
    return formatAssignments(state);
  }
  checkLines(state);
  if (state === "") throw refuse3("the state holds no assignment");
  return state;
}
function encodeState(state) {
  return encoder3.encode(datagramText(state));
}
function datagramText(state) {
  const text = formatState(state);
  if (text.length * 3 > MAX_DATAGRAM_BYTES) {
    const bytes = encoder3.encode(text).length;
    if (bytes > MAX_DATAGRAM_BYTES) {
      throw refuse3(`the message is ${bytes} bytes of UTF-8, more than the ${MAX_DATAGRAM_BYTES} systemd accepts; shorten the status text`);
    }
  }
  return text;
}
function constantDatagram(state) {
  let bytes;
  return () => bytes ??= encodeState(state);
}

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
  /** Where this socket sends. */
  address;
  #timeoutMs;
  #libc;
  #fd = -1;
  // One buffer, laid out as: struct msghdr | struct iovec | struct pollfd | control message | payload.
  #memory = new Uint8Array(CONTROL + cmsgSpace(4 * SCM_MAX_FD) + MAX_DATAGRAM_BYTES);
  #view = new DataView(this.#memory.buffer);
  #msghdr;
  #pollfd = this.#memory.subarray(POLLFD_AT, POLLFD_AT + POLLFD.size);
  #payload = this.#memory.subarray(CONTROL + cmsgSpace(4 * SCM_MAX_FD));
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
    const libc2 = this.#libc ??= this.#prepare(loadLibc());
    const length = typeof payload === "string" ? this.#encode(payload) : this.#copy(payload);
    this.#view.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(length), true);
    this.#loadFds(options?.fds ?? NO_FDS);
    const firstConnection = this.#fd < 0;
    if (firstConnection) this.#connect(libc2);
    const sent = libc2.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL);
    if (sent !== length) this.#sendFailed(libc2, sent, length, options, firstConnection);
  }
  /** Waits for room, reconnects or throws, after a `sendmsg()` that returned `sent` (errno not yet read). */
  #sendFailed(libc2, sent, length, options, firstConnection) {
    let errno = this.#retry(libc2, sent, length, options);
    if (errno === ECONNREFUSED && !firstConnection) {
      this.#disconnect();
      this.#connect(libc2);
      errno = this.#retry(libc2, libc2.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL), length, options);
    }
    if (errno !== 0) {
      if (errno !== EAGAIN) this.#disconnect();
      throw this.#error("sendmsg", errno, options?.timeoutMs ?? this.#timeoutMs);
    }
  }
  #copy(payload) {
    if (payload.length > MAX_DATAGRAM_BYTES) throw tooLong(`${payload.length} bytes exceed`);
    this.#payload.set(payload);
    return payload.length;
  }
  /** Encodes `text` into this socket's buffer, which holds {@linkcode MAX_DATAGRAM_BYTES}; returns the length. */
  #encode(text) {
    const { read, written } = encoder4.encodeInto(text, this.#payload);
    if (read === text.length) return written;
    return this.#copy(encoder4.encode(text));
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
  /** Points the msghdr at this socket's buffer, once: its address never changes. */
  #prepare(libc2) {
    const iovec = MSGHDR.size;
    this.#view.setBigUint64(MSGHDR.iov, libc2.addressOf(this.#memory.subarray(iovec)), true);
    this.#view.setBigUint64(MSGHDR.iovlen, 1n, true);
    this.#view.setBigUint64(MSGHDR.control, libc2.addressOf(this.#memory.subarray(CONTROL)), true);
    this.#view.setBigUint64(iovec + IOVEC.base, libc2.addressOf(this.#payload), true);
    this.#msghdr = libc2.pointerTo(this.#memory);
    return libc2;
  }
  /** Writes an SCM_RIGHTS control message for `fds`, or none for an empty list. */
  #loadFds(fds) {
    if (fds.length > SCM_MAX_FD) {
      throw refused("Cannot send notification", `${fds.length} file descriptors, at most ${SCM_MAX_FD}`, "E2BIG");
    }
    const length = fds.length === 0 ? 0 : cmsgSpace(4 * fds.length);
    if (length > 0) {
      this.#view.setBigUint64(CONTROL + CMSGHDR.len, BigInt(CMSGHDR.size + 4 * fds.length), true);
      this.#view.setInt32(CONTROL + CMSGHDR.level, SOL_SOCKET, true);
      this.#view.setInt32(CONTROL + CMSGHDR.type, SCM_RIGHTS, true);
      for (let i = 0; i < fds.length; i++) {
        const fd = fds[i];
        checkDescriptor(fd);
        this.#view.setInt32(CONTROL + CMSGHDR.size + 4 * i, fd, true);
      }
    }
    this.#view.setBigUint64(MSGHDR.controllen, BigInt(length), true);
  }
  #connect(libc2) {
    const fd = libc2.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) throw this.#error("socket", libc2.errno());
    raiseSendBuffer(libc2, fd);
    const { sockaddr } = this.address;
    if (libc2.connect(fd, sockaddr, sockaddr.length) < 0) {
      const errno = libc2.errno();
      libc2.close(fd);
      throw this.#error("connect", errno);
    }
    this.#fd = fd;
  }
  /**
   * Returns 0 once sent, else the errno, sending again while interrupted or while the queue is full. `options` are read
   * only after errno: nothing may run between a failed call and that read.
   */
  #retry(libc2, sent, length, options) {
    let deadline = 0;
    for (; sent !== length; sent = libc2.sendmsg(this.#fd, this.#msghdr, MSG_NOSIGNAL)) {
      if (sent >= 0) {
        throw new NotifyError("EIO", `Cannot send notification: only ${sent} of ${length} bytes were sent`);
      }
      const errno = libc2.errno();
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) return errno;
      deadline ||= performance.now() + (options?.timeoutMs ?? this.#timeoutMs);
      const remaining = deadline - performance.now();
      if (remaining <= 0) return EAGAIN;
      this.#view.setInt32(POLLFD_AT + POLLFD.fd, this.#fd, true);
      this.#view.setInt16(POLLFD_AT + POLLFD.events, POLLOUT, true);
      if (libc2.poll(this.#pollfd, 1, Math.ceil(remaining)) < 0 && libc2.errno() !== EINTR) return libc2.errno();
    }
    return 0;
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
var encoder4 = new TextEncoder();
function checkDescriptor(fd) {
  if (!Number.isInteger(fd) || fd < 0 || fd > INT_MAX) {
    throw refused("Cannot send notification", `${fd} is not a file descriptor`);
  }
}
function tooLong(what) {
  return refused("Cannot send notification", `${what} ${MAX_DATAGRAM_BYTES} bytes`, "EMSGSIZE");
}
var intValue = new Uint8Array(4);
var intView = new DataView(intValue.buffer);
var intLength = new Uint8Array(4);
function raiseSendBuffer(libc2, fd) {
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  if (libc2.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, 4) < 0) return;
  new DataView(intLength.buffer).setUint32(0, 4, true);
  if (libc2.getsockopt(fd, SOL_SOCKET, SO_SNDBUF, intValue, intLength) === 0) {
    if (intView.getInt32(0, true) >= 2 * SEND_BUFFER_BYTES) return;
  }
  intView.setInt32(0, SEND_BUFFER_BYTES, true);
  libc2.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, intValue, 4);
}

// src/notify.ts
var shared;
var lastState;
var lastPayload;
function encodeCached(state) {
  if (typeof state !== "string") return datagramText(state);
  if (state === lastState) return lastPayload ??= encodeState(state);
  const text = datagramText(state);
  [lastState, lastPayload] = [
    state,
    void 0
  ];
  return text;
}
function sharedSocket(text) {
  if (shared?.address.text !== text) {
    const address = parseNotifyAddress(text);
    shared?.close();
    shared = new NotifySocket(address);
  }
  return shared;
}
function notifyShared(payload, options, fds) {
  const timeoutMs = options.sendTimeoutMs === void 0 ? void 0 : sendTimeoutOption(options.sendTimeoutMs);
  try {
    const socket = readVariable(options.env, "NOTIFY_SOCKET");
    if (socket === void 0 || payload.length === 0) return false;
    sharedSocket(socket).send(payload, {
      timeoutMs,
      fds
    });
    return true;
  } finally {
    if (options.unsetEnvironment) forgetNotifySocket(options.env);
  }
}
function forgetNotifySocket(env) {
  unsetVariables(env, [
    "NOTIFY_SOCKET"
  ]);
  closeSharedSocket();
}
function closeSharedSocket() {
  shared?.close();
  shared = void 0;
}
function sdNotify(state, options = {}) {
  let payload;
  try {
    payload = encodeCached(state);
  } catch (error) {
    if (options.unsetEnvironment) forgetNotifySocket(options.env);
    throw error;
  }
  return notifyShared(payload, options);
}
function sdNotifyWithFds(state, fds, options = {}) {
  for (const fd of fds) checkDescriptor(fd);
  return notifyShared(datagramText(state), options, fds);
}
async function sdNotifyBarrier(options = {}) {
  const timeoutMs = barrierTimeoutMs(options);
  if (readVariable(options.env, "NOTIFY_SOCKET") === void 0) return false;
  return await barrierThrough((payload, fds) => notifyShared(payload, options, fds), timeoutMs);
}

// src/due.ts
function isNotifyDue(lastMs, nowMs, intervalUsec) {
  return intervalUsec > 0 && (nowMs - lastMs) * 1e3 >= intervalUsec / 2;
}

// src/error_report.ts
var ErrorReport = class {
  #handler;
  #shown = /* @__PURE__ */ new Set();
  #handling = false;
  /** @param handler The user's `onError`; `undefined` for the default, stderr. */
  constructor(handler) {
    this.#handler = handler;
  }
  /**
   * Hands `error` to the handler. A failure while the handler runs (say it sends a status line through the same
   * Watchdog) goes to stderr instead, once per code, rather than back into the handler without end.
   * @param everyTime Write each such error to stderr, not once per code: for failures that do not repeat by themselves,
   * as a failed reload.
   */
  failed(error, everyTime = false) {
    if (this.#handler === void 0 && everyTime) return writeLine(error.message);
    if (this.#handler === void 0 || this.#handling) return this.#writeOnce(error);
    this.#handling = true;
    try {
      callHandler(this.#handler, error, (thrown) => writeLine(`${error.message} (and onError threw: ${describe(thrown)})`));
    } finally {
      this.#handling = false;
    }
  }
  /** Notes that a notification got through: every code may be written again. */
  delivered() {
    if (this.#shown.size > 0) this.#shown.clear();
  }
  #writeOnce(error) {
    if (this.#shown.has(error.code)) return;
    this.#shown.add(error.code);
    if (error.code === "EBADF") return writeLine(`${error.message} [EBADF]`);
    writeLine(`${error.message} [${error.code}; repeats are not shown until a notification gets through]`);
  }
};
function callHandler(handler, value, failed2) {
  try {
    const result = handler(value);
    if (typeof result?.then === "function") {
      result.then(void 0, (thrown) => failed2(thrown));
    }
  } catch (thrown) {
    failed2(thrown);
  }
}
function writeLine(text) {
  try {
    console.error(`@x/systemd-watchdog: ${text}`);
  } catch {
  }
}

// src/unref_timer.ts
function unrefInterval(callback, ms) {
  const timer = setInterval(callback, ms);
  unref(timer);
  return () => clearInterval(timer);
}
function unref(timer) {
  runtime4.unref(timer);
}

// src/deadline.ts
function withDeadline(work, ms, options) {
  let timer;
  let stop = () => {
  };
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(options.late()), ms);
    if (!options.keepsAlive) unref(timer);
    const { signal } = options;
    if (signal === void 0) return;
    const aborted = () => reject(signal.reason);
    if (signal.aborted) aborted();
    signal.addEventListener("abort", aborted, {
      once: true
    });
    stop = () => signal.removeEventListener("abort", aborted);
  });
  return Promise.race([
    work,
    late
  ]).finally(() => {
    clearTimeout(timer);
    stop();
  });
}

// src/status_line.ts
var PREFIX = "STATUS=";
var ELLIPSIS = "\u2026";
var encoder5 = new TextEncoder();
var MAX_TEXT_BYTES = MAX_DATAGRAM_BYTES - PREFIX.length;
var CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
function statusText(text, options = {}) {
  const room = MAX_TEXT_BYTES - (options.reserveBytes ?? 0);
  const clean = describe(text).replace(/\r\n|[\r\n\t\v\f]/g, " ").replace(CONTROLS, "").toWellFormed();
  if (clean.length * 3 <= room) return clean;
  if (encoder5.encode(clean).length <= room) return clean;
  return cut(clean, room - encoder5.encode(ELLIPSIS).length) + ELLIPSIS;
}
function statusDatagram(text) {
  return PREFIX + text;
}
function cut(text, maxBytes) {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = char.codePointAt(0) < 128 ? 1 : char.codePointAt(0) < 2048 ? 2 : char.length === 2 ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

// src/keep_alive.ts
var INACTIVE_KEEP_ALIVE = {
  active: false,
  stop() {
  },
  [Symbol.dispose]() {
  }
};
var unhealthyStatus = (reason) => `Unhealthy, watchdog pings paused: ${reason}`;
var HEALTHY_AGAIN = " (healthy again)";
function healthyAgainStatus(serviceStatus) {
  if (!serviceStatus) return "Healthy again, watchdog pings resumed";
  return statusText(serviceStatus, {
    reserveBytes: HEALTHY_AGAIN.length
  }) + HEALTHY_AGAIN;
}
function checkKeepAliveOptions(options) {
  if (typeof options !== "object" || options === null) throw refused("Cannot keep alive", "pass an options object");
  const fraction = options.fraction ?? 0.5;
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw refused("Cannot keep alive", `fraction is ${fraction}; pass a number above 0 and below 1`);
  }
  for (const name of [
    "healthy",
    "onUnhealthy"
  ]) {
    if (options[name] !== void 0 && typeof options[name] !== "function") {
      throw refused("Cannot keep alive", `${name} must be a function`);
    }
  }
  const healthyTimeoutMs = options.healthyTimeoutMs === void 0 ? void 0 : integerOption("Cannot keep alive", "healthyTimeoutMs", options.healthyTimeoutMs, 0, 1, MAX_TIMER_MS);
  return {
    fraction,
    healthyTimeoutMs
  };
}
function reasonOf(answer) {
  if (typeof answer === "string" && answer !== "") return answer;
  return `healthy() answered ${typeof answer === "string" ? '""' : describe(answer)}`;
}
function thrownReason(error) {
  if (error instanceof NotifyError && error.code === "ETIMEDOUT") return error.message;
  return `healthy() failed: ${describe(error)}`;
}
function startKeepAlive(intervalMs, actions, options = {}) {
  const { fraction, healthyTimeoutMs: givenTimeoutMs } = checkKeepAliveOptions(options);
  const periodMs = Math.max(1, Math.min(Math.floor(intervalMs * fraction), MAX_TIMER_MS));
  const healthyTimeoutMs = givenTimeoutMs ?? Math.max(1, Math.floor(periodMs / 2));
  const { healthy, onUnhealthy } = options;
  let busy = false;
  const turnUnhealthy = (reason) => {
    if (!active || actions.unhealthy) return;
    actions.unhealthy = true;
    actions.status(unhealthyStatus(reason));
    if (onUnhealthy === void 0) return writeLine(`unhealthy, watchdog pings paused: ${reason}`);
    callHandler(onUnhealthy, reason, (thrown) => writeLine(`onUnhealthy threw: ${describe(thrown)}`));
  };
  const answered = (answer) => {
    if (answer !== true) return turnUnhealthy(reasonOf(answer));
    if (!active) return;
    actions.ping();
    if (!active || !actions.unhealthy) return;
    actions.unhealthy = false;
    actions.status(healthyAgainStatus(actions.serviceStatus()));
    if (onUnhealthy === void 0) writeLine("healthy again, watchdog pings resumed");
  };
  const tick = () => {
    if (busy) return;
    let answer;
    let thenable;
    try {
      answer = healthy ? healthy() : true;
      thenable = typeof answer?.then === "function";
    } catch (error) {
      return turnUnhealthy(thrownReason(error));
    }
    if (!thenable) return answered(answer);
    busy = true;
    withDeadline(Promise.resolve(answer), healthyTimeoutMs, {
      late: () => new NotifyError("ETIMEDOUT", `healthy() did not answer within ${healthyTimeoutMs} ms`),
      keepsAlive: false
    }).then(answered, (error) => turnUnhealthy(thrownReason(error))).catch((error) => writeLine(`keep-alive failed: ${describe(error)}`)).finally(() => busy = false);
  };
  const guardedTick = () => {
    try {
      tick();
    } catch (error) {
      writeLine(`keep-alive failed: ${describe(error)}`);
    }
  };
  let active = true;
  const clear = unrefInterval(guardedTick, periodMs);
  queueMicrotask(() => active && guardedTick());
  const stop = () => {
    active = false;
    clear();
  };
  return {
    get active() {
      return active;
    },
    stop,
    [Symbol.dispose]: stop
  };
}

// src/lifecycle.ts
function phaseAfter(phase, announced) {
  if (phase === "closed") return phase;
  if (phase === "stopping" || announced.stopping) return "stopping";
  if (announced.ready) return "ready";
  if (announced.reloading) return "reloading";
  return phase;
}
function announcementsOf(text) {
  return {
    ready: READY.test(text),
    reloading: RELOADING.test(text),
    stopping: STOPPING.test(text)
  };
}
var READY = /^READY=1$/m;
var RELOADING = /^RELOADING=1$/m;
var STOPPING = /^STOPPING=1$/m;

// src/queued_sender.ts
var MAX_QUEUED = 1024;
var MAX_RETRY_MS = 50;
var CONNECTION_ERRORS = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTCONN",
  "EPIPE",
  "ENOENT",
  "EACCES",
  "ENOTDIR",
  "ELOOP",
  "ENOTSOCK",
  "EPROTOTYPE"
]);
var encoder6 = new TextEncoder();
var PING = encoder6.encode("WATCHDOG=1");
var STATUS = encoder6.encode("STATUS=");
var NEWLINE = 10;
function kindOf(payload) {
  if (payload.length === PING.length && PING.every((byte, i) => payload[i] === byte)) return "ping";
  if (STATUS.every((byte, i) => payload[i] === byte) && !payload.includes(NEWLINE)) return "status";
  return "other";
}
var QueuedSender = class {
  #socket;
  #report;
  #queue = [];
  /** Set while background delivery is due (the receiver was full): meanwhile, no send waits. */
  #timer;
  #retryMs = 1;
  #closeWhenDone = false;
  /**
   * @param socket Where to send; its `sendTimeoutMs` bounds how long one send may block.
   * @param report Where failed deliveries go.
   */
  constructor(socket, report) {
    this.#socket = socket;
    this.#report = report;
  }
  /** How many notifications wait for room. */
  get queued() {
    return this.#queue.length;
  }
  /**
   * Sends now, or queues behind a busy receiver.
   * @param onDrop Told if the message, once queued, has to be given up.
   * @returns `true` when sent or queued; `false` when it cannot be delivered (the error went to the report).
   */
  send(payload, fds, onDrop) {
    if (this.#queue.length > 0) {
      let dropped2 = false;
      const queued = this.#enqueue(payload, fds, (error) => {
        dropped2 = true;
        onDrop?.(error);
      });
      this.#deliverQueued(true);
      return queued && !dropped2;
    }
    try {
      const congested = this.#timer !== void 0;
      this.#socket.send(payload, congested ? {
        timeoutMs: 0,
        fds
      } : fds === void 0 ? void 0 : {
        fds
      });
      this.#report.delivered();
      return true;
    } catch (error) {
      const failure = asNotifyError(error);
      if (failure.code === "EAGAIN") return this.#enqueue(payload, fds, onDrop);
      this.#report.failed(failure);
      return false;
    }
  }
  /**
   * Resolves once everything queued now has been delivered (messages queued later do not hold it up); rejects with the
   * error if some of it cannot be, or with `ETIMEDOUT` after `timeoutMs`. Its timer keeps the process alive meanwhile,
   * unlike the background delivery's.
   */
  flush(timeoutMs) {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter.reject(new NotifyError("ETIMEDOUT", `Cannot flush notifications: ${waiter.pending} still wait after ${timeoutMs} ms; the service manager is not reading its notify socket`));
      }, timeoutMs);
      const waiter = {
        pending: this.#queue.length,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        }
      };
      for (const queued of this.#queue) queued.waiters.push(waiter);
    });
  }
  /**
   * Closes the socket. What is still queued gets one last attempt that does
   * not wait; anything left is reported (and rejects pending flushes).
   */
  close() {
    clearTimeout(this.#timer);
    this.#timer = void 0;
    if (this.#queue.length > 0 && !this.#socket.closed) this.#deliverQueued(false);
    const count = this.#queue.length;
    if (count > 0) {
      const error = new NotifyError("EBADF", `Cannot deliver ${count} queued notification(s): closed while the service manager had no room for them; await flush() before close()`);
      this.#giveUp(this.#queue.splice(0), error);
    }
    this.#socket.close();
  }
  /** Closes the socket once the queue is empty (at once if it is): for an owner that was garbage-collected. */
  closeWhenDone() {
    if (this.#queue.length === 0) this.close();
    else this.#closeWhenDone = true;
  }
  #enqueue(payload, fds, onDrop) {
    const bytes = typeof payload === "string" ? encoder6.encode(payload) : payload.slice();
    const kind = fds === void 0 ? kindOf(bytes) : "other";
    if (kind === "ping" && this.#queue[0]?.kind === "ping") return true;
    if (kind === "status") {
      const earlier = this.#queue.findLastIndex((queued) => queued.kind === "status");
      if (earlier >= 0 && !this.#queue.slice(earlier + 1).some((queued) => queued.fds !== void 0)) {
        done(this.#queue.splice(earlier, 1)[0]);
      }
    }
    if (kind !== "ping" && this.#queue.length >= MAX_QUEUED) {
      this.#report.failed(new NotifyError("ENOBUFS", `Cannot send notification: ${MAX_QUEUED} notifications already wait for the service manager, which is not reading; this one was dropped`));
      return false;
    }
    let copies;
    try {
      copies = fds === void 0 ? void 0 : duplicate(fds);
    } catch (error) {
      this.#report.failed(asNotifyError(error));
      return false;
    }
    const entry = {
      payload: bytes,
      fds: copies,
      kind,
      waiters: [],
      onDrop
    };
    if (kind === "ping") {
      this.#queue.unshift(entry);
      clearTimeout(this.#timer);
      this.#timer = void 0;
    } else {
      this.#queue.push(entry);
    }
    this.#schedule();
    return true;
  }
  #schedule() {
    if (this.#timer !== void 0) return;
    const pingWaits = this.#queue[0]?.kind === "ping";
    this.#timer = setTimeout(() => {
      this.#timer = void 0;
      this.#deliverQueued(true);
    }, pingWaits ? 1 : this.#retryMs);
    unref(this.#timer);
  }
  /** Sends what is queued, oldest first, without waiting; retries later (when `retry`) if the receiver is full. */
  #deliverQueued(retry) {
    while (this.#queue.length > 0) {
      const next = this.#queue[0];
      try {
        this.#socket.send(next.payload, {
          timeoutMs: 0,
          fds: next.fds
        });
      } catch (error) {
        const failure = asNotifyError(error);
        if (failure.code === "EAGAIN") {
          if (retry) {
            this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
            this.#schedule();
          }
          return;
        }
        const one = next.fds !== void 0 && !CONNECTION_ERRORS.has(failure.code);
        const what = one ? "a queued notification" : `${this.#queue.length} queued notification(s)`;
        const given = new NotifyError(failure.code, `Cannot deliver ${what}: ${failure.message}`, {
          cause: failure
        });
        this.#giveUp(this.#queue.splice(0, one ? 1 : this.#queue.length), given);
        continue;
      }
      this.#queue.shift();
      closeAll(next.fds);
      this.#report.delivered();
      this.#retryMs = 1;
      done(next);
    }
    if (this.#closeWhenDone) this.close();
  }
  /** Gives up `dropped`: tells their senders, closes their descriptors, reports `error` once, rejects their flushes. */
  #giveUp(dropped2, error) {
    for (const queued of dropped2) {
      try {
        queued.onDrop?.(error);
      } catch {
      }
      closeAll(queued.fds);
      for (const waiter of queued.waiters) waiter.reject(error);
    }
    this.#report.failed(error);
  }
};
function done(queued) {
  for (const waiter of queued.waiters) if (--waiter.pending === 0) waiter.resolve();
}
function asNotifyError(error) {
  if (error instanceof NotifyError) return error;
  return new NotifyError("EIO", `Cannot send notification: ${String(error)}`, {
    cause: error
  });
}
function duplicate(fds) {
  const libc2 = loadLibc();
  const copies = [];
  for (const fd of fds) {
    const copy = libc2.fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) {
      const code = errnoName(libc2.errno());
      closeAll(copies);
      throw new NotifyError(code, `Cannot queue notification: duplicating descriptor ${fd} failed with ${code}`);
    }
    copies.push(copy);
  }
  return copies;
}
function closeAll(fds) {
  if (fds === void 0) return;
  const libc2 = loadLibc();
  for (const fd of fds) libc2.close(fd);
}

// src/reload.ts
var RELOAD_SIGNALS = [
  "SIGHUP",
  "SIGUSR1",
  "SIGUSR2"
];
var DEFAULT_RELOAD_TIMEOUT_MS = 85e3;
var reloadFailedStatus = (reason) => `Reload failed, still running on the previous configuration: ${reason}`;
function checkReloadArguments(handler, options) {
  const refuse4 = (problem) => refused("Cannot listen for reloads", problem);
  if (typeof handler !== "function") throw refuse4("the handler must be a function");
  if (typeof options !== "object" || options === null) throw refuse4("pass an options object");
  const signal = options.signal ?? "SIGHUP";
  if (!RELOAD_SIGNALS.includes(signal)) {
    throw refuse4(`signal is ${describe(signal)}; pass one of ${RELOAD_SIGNALS.join(", ")}`);
  }
  const timeoutMs = integerOption("Cannot listen for reloads", "timeoutMs", options.timeoutMs, DEFAULT_RELOAD_TIMEOUT_MS, 1, MAX_TIMER_MS);
  return {
    signal,
    timeoutMs
  };
}
var ReloadRunner = class {
  #actions;
  #running = false;
  #next;
  #abort;
  /** The last handler, settled or not: the next one starts after it. */
  #previous = Promise.resolve();
  #lastFailure;
  #deferralSaid = false;
  /** @param actions What the Watchdog sends. */
  constructor(actions) {
    this.#actions = actions;
  }
  /** Why the last reload failed; `undefined` when it succeeded, or none ran yet. */
  get lastFailure() {
    return this.#lastFailure;
  }
  /** Asks for a reload with `handler`: at once, or after the one running (once, however often asked meanwhile). */
  request(handler, timeoutMs) {
    if (!this.#accepts()) return;
    this.#next = {
      handler,
      timeoutMs
    };
    this.resume();
  }
  /** Runs the reload asked for while the service was starting, now that it is ready. */
  resume() {
    if (this.#running || this.#next === void 0) return;
    if (this.#actions.phase() === "ready") {
      this.#run().catch((error) => writeLine(`Cannot reload: ${describe(error)}`));
    } else if (!this.#deferralSaid) {
      this.#deferralSaid = true;
      writeLine('A reload signal came before READY=1: the reload runs right after ready() (a Watchdog made after READY=1 went out elsewhere, or for a service that never sends it, takes phase: "ready")');
    }
  }
  /**
   * Drops a reload not started yet, aborts the running handler's signal with `ECANCELED` saying `why` (the service is
   * stopping, the Watchdog closing) and stops its deadline; nothing more of that reload is sent.
   */
  cancel(why) {
    this.#next = void 0;
    this.#abort?.abort(new NotifyError("ECANCELED", `Cannot reload: ${why}`));
  }
  #accepts() {
    const phase = this.#actions.phase();
    return phase !== "stopping" && phase !== "closed";
  }
  async #run() {
    this.#running = true;
    try {
      while (this.#next !== void 0 && this.#accepts()) {
        const request = this.#next;
        this.#next = void 0;
        await this.#reload(request);
      }
    } finally {
      this.#running = false;
      if (!this.#accepts()) this.#next = void 0;
    }
  }
  async #reload({ handler, timeoutMs }) {
    const abort = this.#abort = new AbortController();
    this.#actions.reloading();
    if (!this.#accepts()) return;
    let started = false;
    const work = this.#previous.then(() => {
      abort.signal.throwIfAborted();
      started = true;
      return handler(abort.signal);
    });
    this.#previous = work.then(() => {
    }, () => {
    });
    let failure;
    let reason = "";
    try {
      await withDeadline(work, timeoutMs, {
        late: () => TIMED_OUT,
        keepsAlive: true,
        signal: abort.signal
      });
    } catch (error) {
      if (!this.#accepts()) return;
      const timedOut = error === TIMED_OUT;
      reason = !timedOut ? describe(error) : started ? `the reload handler did not finish within ${timeoutMs} ms` : `the previous reload handler was still running after ${timeoutMs} ms`;
      failure = timedOut ? new NotifyError("ETIMEDOUT", `Cannot reload: ${reason}; the service keeps its previous state`) : new NotifyError("ECANCELED", `Cannot reload: the reload handler failed (${reason}); the service keeps its previous state`, {
        cause: error
      });
      if (timedOut) abort.abort(failure);
    } finally {
      this.#abort = void 0;
    }
    if (!this.#accepts()) return;
    const recovered = failure === void 0 && this.#lastFailure !== void 0;
    this.#lastFailure = failure;
    if (failure !== void 0) this.#actions.failed(reason, failure);
    if (recovered) this.#actions.recovered();
    if (this.#actions.phase() === "reloading") this.#actions.ready();
  }
};
var TIMED_OUT = Symbol("timed out");
function listenForReload(listen, runner, handler, options = {}) {
  const { signal, timeoutMs } = checkReloadArguments(handler, options);
  let remove = listen(signal, () => runner.request(handler, timeoutMs));
  const close = () => {
    remove?.();
    remove = void 0;
  };
  return {
    get active() {
      return remove !== void 0;
    },
    close,
    [Symbol.dispose]: close
  };
}

// src/stall_watch.ts
var STALL_SLOTS = {
  /** Counts the main thread's heartbeats: one per timer tick of its event loop. */
  beats: 0,
  /** Counts the `WATCHDOG=1` the main thread sent. */
  pings: 1,
  /** The watchdog interval in ms (at most 2147483647); 0 while it is off. */
  intervalMs: 2,
  /** How long the loop must be blocked before it is reported, in ms; 0 for a quarter of the interval. */
  afterMs: 3,
  /** 1 while the keep-alive withholds pings because the service is unhealthy (its own status line says why). */
  withheld: 4,
  /**
   * The number of the report whose `STATUS=` systemd shows, 0 for none: whichever thread swaps it for 0 first
   * (the helper thread when the stall ends, the main thread when the watchdog stops) puts the line back, once.
   */
  shown: 5
};
var StallWatch = class {
  #shared;
  #beats;
  #beatAt;
  #pings;
  #pingAt;
  #intervalMs;
  #checkedAt;
  #reported;
  /**
   * @param shared The counters, laid out as {@linkcode STALL_SLOTS} says.
   * @param now The thread's monotonic clock, in ms.
   */
  constructor(shared2, now) {
    this.#shared = shared2;
    this.#beats = Atomics.load(shared2, 0);
    this.#pings = Atomics.load(shared2, 1);
    this.#intervalMs = Atomics.load(shared2, 2);
    this.#beatAt = now;
    this.#pingAt = now;
    this.#checkedAt = now;
  }
  /**
   * `afterMs` by the counters in `shared`, or a quarter of the interval, at most half of it; 0 while the watchdog is
   * off. The main thread paces its heartbeat by it too.
   */
  static afterMsOf(shared2) {
    const intervalMs = Atomics.load(shared2, 2);
    if (intervalMs === 0) return 0;
    const half = Math.max(1, Math.floor(intervalMs / 2));
    return Math.min(Atomics.load(shared2, 3) || Math.max(1, Math.floor(intervalMs / 4)), half);
  }
  /** {@linkcode StallWatch.afterMsOf} its counters, now. */
  get afterMs() {
    return this.constructor.afterMsOf(this.#shared);
  }
  /** Reads the counters at `now` (ms); returns what changed, if it is worth saying. */
  check(now) {
    const beats = Atomics.load(this.#shared, 0);
    const pings = Atomics.load(this.#shared, 1);
    const intervalMs = Atomics.load(this.#shared, 2);
    const stopped = now - this.#checkedAt > this.afterMs / 2 + 250;
    this.#checkedAt = now;
    const turnedOn = this.#intervalMs === 0 && intervalMs > 0;
    this.#intervalMs = intervalMs;
    const beat = beats !== this.#beats;
    const pinged = pings !== this.#pings;
    const blockedMs = now - this.#beatAt;
    const unpingedMs = now - this.#pingAt;
    if (beat) [this.#beats, this.#beatAt] = [
      beats,
      now
    ];
    if (pinged) [this.#pings, this.#pingAt] = [
      pings,
      now
    ];
    if (this.#reported === "blocked" && beat) {
      this.#reported = void 0;
      return {
        kind: "ran again",
        forMs: blockedMs
      };
    }
    if (this.#reported === "no ping" && (pinged || intervalMs === 0)) {
      this.#reported = void 0;
      return {
        kind: pinged ? "pinged again" : "not due",
        forMs: unpingedMs
      };
    }
    if (turnedOn || stopped) {
      if (this.#reported !== "blocked") this.#beatAt = now;
      if (this.#reported !== "no ping") this.#pingAt = now;
    }
    const afterMs = this.afterMs;
    if (afterMs === 0 || this.#reported === "blocked") return void 0;
    if (now - this.#beatAt >= afterMs) {
      this.#reported = "blocked";
      return {
        kind: "blocked",
        forMs: now - this.#beatAt
      };
    }
    const withheld = Atomics.load(this.#shared, 4) === 1;
    if (this.#reported === void 0 && !withheld && now - this.#pingAt >= intervalMs - afterMs / 2) {
      this.#reported = "no ping";
      return {
        kind: "no ping",
        forMs: now - this.#pingAt
      };
    }
    return void 0;
  }
};
function describeStall(event, wallNow, frames = [], loop = "Event loop") {
  const seconds = `${(event.forMs / 1e3).toFixed(1)} s`;
  switch (event.kind) {
    case "blocked": {
      const since = new Date(wallNow - event.forMs);
      const pad = (n, width = 2) => String(n).padStart(width, "0");
      const clock = `${pad(since.getHours())}:${pad(since.getMinutes())}:${pad(since.getSeconds())}.` + pad(since.getMilliseconds(), 3);
      const status = `${loop} blocked for ${seconds} (since ${clock})` + (frames.length ? `, in ${frames[0]}` : "");
      const stack = frames.length ? `; its stack: ${frames.join(" <- ")}` : "";
      return {
        status,
        line: `${status}: no watchdog ping can go out until it runs again${stack}`
      };
    }
    case "ran again":
      return {
        status: void 0,
        line: `${loop} ran again after ${seconds} blocked`
      };
    case "no ping": {
      const status = `No watchdog ping for ${seconds} while the ${loop.toLowerCase()} ran`;
      return {
        status,
        line: `${status}: is a timer calling ping(), or keepAlive(), still running?`
      };
    }
    case "pinged again":
      return {
        status: void 0,
        line: `Watchdog pings went out again after ${seconds} without one`
      };
    case "not due":
      return {
        status: void 0,
        line: `No watchdog ping is due any more, after ${seconds} without one`
      };
  }
}
function runStallThread(thread) {
  const { data } = thread;
  const open = ([name, ...others]) => {
    try {
      return thread.openLibc(name);
    } catch (error) {
      if (others.length === 0) throw error;
      return open(others);
    }
  };
  const libc2 = open(data.libcNames);
  const shared2 = new Int32Array(data.shared);
  const watch = new thread.Watch(shared2, performance.now());
  const fd = libc2.socket(1, 2 | 2048 | 524288, 0);
  const encoder8 = new TextEncoder();
  const MSG_DONTWAIT_NOSIGNAL = 64 | 16384;
  let timer;
  let closed = false;
  let reports = 0;
  const report = async (now) => {
    const beats = Atomics.load(shared2, 0);
    let event = watch.check(now);
    let frames = [];
    if (event?.kind === "blocked" && data.stack && thread.mainThreadStack) {
      frames = await thread.mainThreadStack(Math.min(250, watch.afterMs)).catch(() => []);
      if (Atomics.load(shared2, 0) !== beats) [event, frames] = [
        watch.check(performance.now()),
        []
      ];
    }
    if (event === void 0 || closed) return;
    const forMs = event.forMs + (event.kind === "blocked" ? performance.now() - now : 0);
    const { status, line } = thread.describe({
      ...event,
      forMs
    }, Date.now(), frames, data.loop);
    const told = status === void 0 || fd >= 0 && libc2.sendto(fd, encoder8.encode(`STATUS=${status}`), MSG_DONTWAIT_NOSIGNAL, data.sockaddr) >= 0;
    libc2.write(2, encoder8.encode(`@x/systemd-watchdog: ${line}${told ? "" : " (systemd could not be told)"}
`));
    if (status !== void 0) {
      if (told) Atomics.store(shared2, 5, ++reports);
    } else {
      const shown2 = Atomics.load(shared2, 5);
      if (shown2 !== 0) thread.restore(shown2);
    }
  };
  const stop = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    if (fd >= 0) libc2.close(fd);
  };
  const tick = () => {
    report(performance.now()).then(() => {
      if (!closed) timer = setTimeout(tick, Math.max(5, Math.floor((watch.afterMs || 4e3) / 4)));
    }, (error) => {
      stop();
      thread.fail(error);
    });
  };
  thread.onClose(stop);
  if (data.stack) thread.mainThreadStack?.(0).catch(() => {
  });
  tick();
}

// src/stall_report.ts
var CONTEXT2 = "Cannot report stalls";
var INT32_MAX = 2 ** 31 - 1;
function stallReportOption(value) {
  if (value === void 0 || value === false) return void 0;
  if (value === true) return {};
  integerOption(CONTEXT2, "afterMs", value.afterMs, 1, 1, MAX_TIMER_MS);
  return value;
}
var StallReport = class {
  #sockaddr;
  #actions;
  #shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(STALL_SLOTS).length));
  #thread;
  #stopBeats;
  #state = "waiting";
  /**
   * @param sockaddr Where the thread sends its status lines: `NOTIFY_SOCKET` as a `struct sockaddr_un`.
   * @param options Checked with {@linkcode stallReportOption}.
   * @param actions What it does through its Watchdog.
   */
  constructor(sockaddr, options, actions) {
    this.#sockaddr = sockaddr;
    this.#actions = actions;
    Atomics.store(this.#shared, STALL_SLOTS.afterMs, options.afterMs ?? 0);
  }
  /**
   * Follows the watchdog interval (ms; 0 when off): starts the thread the first time it is on, and paces the
   * heartbeat. Called by the main thread's loop, so it also beats: a blocked report ends even when the
   * heartbeat stops here. Turned off, a report still shown is taken back at once.
   */
  follow(intervalMs) {
    if (this.#state === "closed" || this.#state === "failed") return;
    const interval = Math.min(Math.floor(intervalMs), INT32_MAX);
    Atomics.store(this.#shared, STALL_SLOTS.intervalMs, interval);
    Atomics.add(this.#shared, STALL_SLOTS.beats, 1);
    this.#stopBeats?.();
    this.#stopBeats = void 0;
    if (interval === 0) return this.#takeBack();
    if (this.#state === "waiting") this.#start();
    if (this.#state !== "running") return;
    const afterMs = StallWatch.afterMsOf(this.#shared);
    this.#stopBeats = unrefInterval(() => Atomics.add(this.#shared, STALL_SLOTS.beats, 1), Math.max(1, afterMs / 4));
  }
  /** Counts a `WATCHDOG=1` sent. */
  pinged() {
    Atomics.add(this.#shared, STALL_SLOTS.pings, 1);
  }
  /** Says whether the keep-alive withholds pings on purpose (the service is unhealthy): then no "no ping" report. */
  withholdPings(withheld) {
    Atomics.store(this.#shared, STALL_SLOTS.withheld, withheld ? 1 : 0);
  }
  /** Takes back a report still shown, stops the heartbeat and ends the thread. Safe to call more than once. */
  close() {
    if (this.#state === "running") this.#takeBack();
    this.#state = "closed";
    this.#stopBeats?.();
    this.#thread?.close();
    this.#thread = void 0;
  }
  #start() {
    const main = `(thread) => (${runStallThread})({
  data: thread.data,
  openLibc: ${runtime4.openThreadLibc},
  Watch: ${StallWatch},
  describe: ${describeStall},
  mainThreadStack: ${runtime4.mainThreadStack ?? "undefined"},
  restore: (report) => thread.post({ restore: report }),
  fail: (error) => thread.post({ failed: String(error?.stack ?? error) }),
  onClose: thread.onClose,
})`;
    const mainThread = runtime4.isMainThread();
    const data = {
      shared: this.#shared.buffer,
      sockaddr: this.#sockaddr,
      stack: mainThread,
      libcNames: libcNames(runtime4.ffi.arch),
      loop: mainThread ? "Event loop" : "Worker's event loop"
    };
    try {
      this.#thread = runtime4.startThread(main, data, (message) => {
        const { restore, failed: failed2 } = message;
        if (restore !== void 0) this.#restore(restore);
        else this.#fail(new Error(failed2));
      }, (error) => this.#fail(error));
      this.#state = "running";
    } catch (error) {
      this.#fail(error);
    }
  }
  /** Puts the service's line back for report number `report`, unless it was put back already. */
  #restore(report) {
    if (Atomics.compareExchange(this.#shared, STALL_SLOTS.shown, report, 0) === report) this.#actions.restore();
  }
  /** Puts the service's line back now, for the report shown, if any: the thread will not. */
  #takeBack() {
    const report = Atomics.load(this.#shared, STALL_SLOTS.shown);
    if (report !== 0) this.#restore(report);
  }
  #fail(error) {
    if (this.#state === "closed") return;
    this.close();
    this.#state = "failed";
    this.#actions.failed(error instanceof NotifyError ? error : new NotifyError("EIO", `${CONTEXT2}: the helper thread failed (${describe(error)})`, {
      cause: error
    }));
  }
};

// src/watchdog_enabled.ts
var USEC_INFINITY = UINT64_MAX;
function malformed(code, name, value, rule) {
  return {
    enabled: false,
    reason: "malformed",
    error: refused("Cannot read the watchdog interval", `${name}=${JSON.stringify(value)} is not ${rule}; fix the unit's environment or unset ${name}`, code)
  };
}
function readWatchdogEnvironment(options = {}) {
  const usecText = readVariable(options.env, "WATCHDOG_USEC");
  const pidText = usecText === void 0 ? void 0 : readVariable(options.env, "WATCHDOG_PID");
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
      unsetVariables(options.env, [
        "WATCHDOG_USEC",
        "WATCHDOG_PID"
      ]);
    }
  }
}
function sdWatchdogEnabled(options = {}) {
  const state = readWatchdogEnvironment(options);
  if (state.enabled) return Number(state.usec);
  if (state.reason === "malformed") throw state.error;
  return 0;
}
function noPingsReason(state, pid) {
  if (state.enabled || state.reason === "unset") return void 0;
  if (state.reason === "malformed") return `${state.error.message}; this Watchdog sends no pings`;
  return `WATCHDOG_PID=${state.pid} is not this process (${pid ?? processId()}): systemd expects watchdog pings from that process and kills the service without them, and under NotifyAccess=main (the default) it ignores every message from this one; make the runtime the unit's main process (ExecStart= it, or exec it)`;
}

// src/watchdog_keep_alive.ts
var WatchdogKeepAlive = class {
  #actions;
  /** What the service asked for; `undefined` when it asked for none, or stopped it. */
  #options;
  #handle;
  #running = INACTIVE_KEEP_ALIVE;
  /** @param actions What the keep-alive sends; one for the life of the Watchdog, so unhealthiness carries over. */
  constructor(actions) {
    this.#actions = actions;
  }
  /**
   * Asks for a keep-alive with `options`, replacing the one asked for before, and runs it at once if the watchdog is on
   * (`intervalMs` above 0). Returns its handle: `active` while it pings, `stop()` ends it for good.
   */
  start(options, intervalMs) {
    this.stop();
    this.#options = options;
    const current = () => this.#handle === handle;
    const pinging = () => this.#running.active;
    const stop = () => {
      if (current()) this.stop();
    };
    const handle = {
      get active() {
        return current() && pinging();
      },
      stop,
      [Symbol.dispose]: stop
    };
    this.#handle = handle;
    this.follow(intervalMs);
    return handle;
  }
  /** Follows a new watchdog interval: 0 pauses the keep-alive asked for, another (re)starts it at that pace. */
  follow(intervalMs) {
    this.#running.stop();
    this.#running = this.#options !== void 0 && intervalMs > 0 ? startKeepAlive(intervalMs, this.#actions, this.#options) : INACTIVE_KEEP_ALIVE;
  }
  /** Stops the keep-alive for good; it runs again only when asked for again. */
  stop() {
    this.#running.stop();
    this.#running = INACTIVE_KEEP_ALIVE;
    this.#options = void 0;
    this.#handle = void 0;
  }
};

// src/watchdog.ts
var encoded = {
  watchdog: constantDatagram("WATCHDOG=1"),
  trigger: constantDatagram("WATCHDOG=trigger"),
  ready: constantDatagram("READY=1"),
  stopping: constantDatagram("STOPPING=1")
};
var CANNOT_CREATE = "Cannot create a Watchdog";
function checkWatchdogOptions(options) {
  const { env, now, pid, unsetEnvironment, phase, keepAlive, onError, stallReport } = options;
  const refuse4 = (problem) => refused(CANNOT_CREATE, problem);
  if (env !== void 0 && (typeof env !== "object" || env === null)) {
    throw refuse4("env must be an object of variables, or { get, delete }");
  }
  if (now !== void 0 && typeof now !== "function") throw refuse4("now must be a function returning milliseconds");
  if (pid !== void 0 && !(Number.isSafeInteger(pid) && pid > 0)) {
    throw refuse4(`pid is ${describe(pid)}, not a process id`);
  }
  if (unsetEnvironment !== void 0 && typeof unsetEnvironment !== "boolean") {
    throw refuse4("unsetEnvironment must be true or false");
  }
  if (phase !== void 0 && phase !== "starting" && phase !== "ready") {
    throw refuse4(`phase is ${describe(phase)}; pass "starting" or "ready"`);
  }
  if (keepAlive !== void 0 && typeof keepAlive !== "boolean" && (typeof keepAlive !== "object" || !keepAlive)) {
    throw refuse4("keepAlive must be true, false or the keep-alive's options");
  }
  if (onError !== void 0 && typeof onError !== "function") throw refuse4("onError must be a function");
  if (stallReport !== void 0 && typeof stallReport !== "boolean" && (typeof stallReport !== "object" || !stallReport)) {
    throw refuse4("stallReport must be true, false or its options");
  }
}
var dropped = new FinalizationRegistry((sender) => sender.closeWhenDone());
var RELOADED_STATUS = "Reloaded, running on the new configuration";
var RELOAD_FAILED_MARK = "(last reload failed) ";
var Watchdog = class {
  /** Where to send: `undefined` without NOTIFY_SOCKET; the error, reported at each send, when it is malformed. */
  #address;
  #sender;
  #sendTimeoutMs;
  #report;
  #now;
  #phase;
  /** The watchdog interval in µs; 0 while the watchdog is off. */
  #timeoutUsec;
  /** Why a service whose unit has a watchdog will get no pings from this process, said once; or `undefined`. */
  #noPingsReason;
  /** When the last WATCHDOG=1 went out; `undefined` until the first, so a new Watchdog is due at once. */
  #lastNotify;
  #keepAlive = new WatchdogKeepAlive(this.#keepAliveActions());
  /** The last status line the service itself set: what the keep-alive and a reload put back after their own. */
  #serviceStatus;
  /** The last status line sent, the service's or this Watchdog's own: what comes back after a stall report's. */
  #sentStatus;
  #reloadListener;
  #reloads;
  #stalls;
  #closedUseReported = false;
  /**
   * Reads the environment once; with `NOTIFY_SOCKET` set, it also opens libc, so that what would stop every send
   * fails here, at start-up.
   * @throws {NotifyError} `EINVAL` for a bad option; `EPERM` when Deno lacks `--allow-env`; with `NOTIFY_SOCKET`
   * set, `EPERM` when Deno lacks `--allow-ffi` (or Node.js runs `--permission` without it) and `ENOSYS` on an
   * unsupported platform or a Node.js without `node:ffi`.
   */
  constructor(options = {}) {
    checkWatchdogOptions(options);
    this.#phase = options.phase ?? "starting";
    this.#sendTimeoutMs = sendTimeoutOption(options.sendTimeoutMs, CANNOT_CREATE);
    this.#report = new ErrorReport(options.onError);
    const { env } = options;
    const socketText = readVariable(env, "NOTIFY_SOCKET");
    const state = readWatchdogEnvironment({
      env,
      pid: options.pid,
      unsetEnvironment: options.unsetEnvironment
    });
    if (options.unsetEnvironment) unsetVariables(env, [
      "NOTIFY_SOCKET"
    ]);
    if (socketText !== void 0) {
      loadLibc();
      try {
        this.#address = parseNotifyAddress(socketText);
      } catch (error) {
        this.#address = error;
      }
      this.#noPingsReason = noPingsReason(state, options.pid);
    }
    this.#timeoutUsec = socketText !== void 0 && state.enabled ? Number(state.usec) : 0;
    this.#now = options.now ?? (this.#timeoutUsec > 0 ? monotonicMsClock() : () => performance.now());
    const now = this.#now();
    if (!Number.isFinite(now)) {
      throw refused(CANNOT_CREATE, `now() returned ${describe(now)}; it must return milliseconds`);
    }
    const stallReport = stallReportOption(options.stallReport);
    if (stallReport && this.#address !== void 0 && !(this.#address instanceof NotifyError)) {
      this.#stalls = new StallReport(this.#address.sockaddr, stallReport, {
        restore: () => this.#restoreStatus(),
        failed: (error) => this.#report.failed(error)
      });
      this.#followWithStalls();
    }
    if (options.keepAlive) this.keepAlive(options.keepAlive === true ? {} : options.keepAlive);
  }
  /**
   * Whether the service manager expects pings from this process: `NOTIFY_SOCKET` set and a valid `WATCHDOG_USEC` for
   * this pid (or one set by {@linkcode Watchdog.setWatchdogInterval}); malformed values make it `false`, never throw.
   */
  get isEnabled() {
    return this.#timeoutUsec > 0;
  }
  /** The watchdog interval in microseconds (an integer); 0 when not enabled. */
  get timeout() {
    return this.#timeoutUsec;
  }
  /** {@linkcode Watchdog.timeout} in milliseconds (Python's `timeout_td`). */
  get timeoutMs() {
    return this.#timeoutUsec / 1e3;
  }
  /** Where the service is in its life, as told through this Watchdog (delivered or not): {@linkcode ServicePhase}. */
  get phase() {
    return this.#phase;
  }
  /**
   * Why the last reload failed (`ECANCELED` or `ETIMEDOUT`), until one succeeds; meanwhile the service's status lines
   * start with `(last reload failed) `, so that `systemctl show -p StatusText` tells it too.
   */
  get reloadFailure() {
    return this.#reloads?.lastFailure;
  }
  /** How many notifications wait for room behind a busy service manager; see {@linkcode Watchdog.flush}. */
  get queued() {
    return this.#sender?.queued ?? 0;
  }
  /**
   * Whether a ping is due, as in Python's systemd_watchdog: from creation until the first {@linkcode Watchdog.notify},
   * then once half the interval has passed since the last one. Never while the watchdog is off.
   */
  get notifyDue() {
    const last = this.#lastNotify;
    return last === void 0 ? this.#timeoutUsec > 0 : isNotifyDue(last, this.#now(), this.#timeoutUsec);
  }
  /**
   * Sends `WATCHDOG=1` only when {@linkcode Watchdog.notifyDue}; returns whether it sent. When the unit has
   * a watchdog that expects pings from another process (`WATCHDOG_PID`, say under a wrapper such as
   * `npm start`), or a malformed `WATCHDOG_USEC`, the first call says so on stderr.
   */
  ping() {
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.notifyDue) return this.notify();
    if (this.#noPingsReason !== void 0) this.#explainNoPings();
    return false;
  }
  /**
   * Pings by itself: `WATCHDOG=1` every half interval (or `fraction` of it), from a timer that never keeps the process
   * alive, while `healthy()` (if given) says so; turning unhealthy sends one `STATUS=` line saying why. It follows
   * {@linkcode Watchdog.setWatchdogInterval} (waiting while the watchdog is off), and calling it again replaces it. It
   * does not cover start-up: systemd's watchdog runs from `READY=1`. See docs/api.md, "Automatic keep-alive".
   * @throws {NotifyError} `EINVAL` for bad options; `EBADF` after {@linkcode Watchdog.close}.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * let lastJobAt = Date.now();
   * const wd = watchdog();
   * wd.ready();
   * // Stop pinging, and let systemd restart us, when no job has finished for a minute.
   * wd.keepAlive({ healthy: () => Date.now() - lastJobAt < 60_000 || "no job finished for a minute" });
   * ```
   */
  keepAlive(options = {}) {
    this.#throwIfClosed("keep alive");
    checkKeepAliveOptions(options);
    if (this.#noPingsReason !== void 0) this.#explainNoPings();
    return this.#keepAlive.start(options, this.timeoutMs);
  }
  /** Alias of {@linkcode Watchdog.ping}, for heartbeat terminology. */
  beat() {
    return this.ping();
  }
  /**
   * `WATCHDOG=1`: reports the service healthy. The only call that resets the due time, whether or not the
   * message could be delivered (so a failing `ping()` is retried once per half interval, not at every call).
   * Behind a busy service manager, a ping goes ahead of the other queued notifications.
   */
  notify() {
    const sent = this.#send(encoded.watchdog());
    this.#lastNotify = this.#now();
    this.#stalls?.pinged();
    return sent;
  }
  /** `STATUS=msg` if given, then `WATCHDOG=trigger`: the service manager acts as on a missed ping. */
  notifyError(msg) {
    if (msg !== void 0) this.status(msg);
    return this.#send(encoded.trigger());
  }
  /** `READY=1` (`Type=notify`): start-up or a reload is complete; a reload signalled during start-up runs after it. */
  ready() {
    return this.#announce(encoded.ready(), READY2);
  }
  /**
   * `STATUS=msg`, shown by `systemctl status`. Never throws for its text, which {@linkcode statusText} makes one safe
   * line; while the last reload has failed, the line starts with `(last reload failed) `.
   */
  status(msg) {
    if (this.#phase === "closed") return this.#sendAfterClose();
    this.#serviceStatus = statusText(msg);
    return this.#sendStatus(this.#serviceLine(this.#serviceStatus));
  }
  /** `RELOADING=1` with `MONOTONIC_USEC` from CLOCK_MONOTONIC; send {@linkcode Watchdog.ready} when done. */
  reloading() {
    return this.#announce(() => datagramText({
      RELOADING: true,
      MONOTONIC_USEC: monotonicUsec()
    }), RELOADING2);
  }
  /**
   * Reloads on a signal (default `SIGHUP`), as `Type=notify-reload` (systemd 253+) and `ExecReload=/bin/kill -HUP`
   * expect: installs the listener at once, and at each signal sends `RELOADING=1` with `MONOTONIC_USEC=`, awaits
   * `handler`, then sends `READY=1`. Reloads run one at a time; one signalled before the service's own `READY=1` runs
   * right after it, and after `stopping()` signals are ignored. A handler that fails or outlasts `timeoutMs` leaves the
   * previous state: a `STATUS=` line and `onError` say why, and `READY=1` still follows. Call it before
   * {@linkcode Watchdog.ready}: systemd may signal as soon as the service is ready. Every rule: docs/api.md,
   * "Reloading".
   * @throws {NotifyError} `EINVAL` for a handler that is not a function, a signal other than SIGHUP, SIGUSR1 or
   * SIGUSR2, or a bad `timeoutMs`; `EBADF` after {@linkcode Watchdog.close}; `EOPNOTSUPP` in a Worker on Node.js or
   * Bun; `ENOSYS` on a runtime that is not Deno, Bun or Node.js.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * let config = { greeting: "hello" };
   * const wd = watchdog();
   * wd.onReload(async (signal) => {
   *   const text = await Promise.resolve('{ "greeting": "hello again" }'); // say, fetch(url, { signal })
   *   signal.throwIfAborted(); // too late: keep the configuration a newer reload may load
   *   config = JSON.parse(text); // throwing keeps the old one
   * });
   * wd.ready();
   * ```
   */
  onReload(handler, options = {}) {
    this.#throwIfClosed("listen for reloads");
    this.#reloads ??= new ReloadRunner({
      // Without NOTIFY_SOCKET no READY=1 reaches a manager, so there is no start-up for a reload to wait for.
      phase: () => this.#phase === "starting" && this.#address === void 0 ? "ready" : this.#phase,
      reloading: () => this.reloading(),
      failed: (reason, error) => {
        this.#sendOwnLine(reloadFailedStatus(reason));
        this.#report.failed(error, true);
      },
      recovered: () => this.#sendOwnLine(this.#serviceStatus ?? RELOADED_STATUS),
      ready: () => this.ready()
    });
    const listener = listenForReload(runtime4.onSignal, this.#reloads, handler, options);
    this.#reloadListener?.close();
    this.#reloadListener = listener;
    return listener;
  }
  /**
   * `STOPPING=1`: the service is shutting down. Reload signals are ignored
   * from now on, and a reload handler still running has its signal aborted.
   */
  stopping() {
    return this.#announce(encoded.stopping(), STOPPING2);
  }
  /** `EXTEND_TIMEOUT_USEC=usec`: ask for more time to start, reload or stop. */
  extendTimeout(usec) {
    return this.send({
      EXTEND_TIMEOUT_USEC: usec
    });
  }
  /**
   * `WATCHDOG_USEC=usec`: change the watchdog interval (systemd turns the watchdog on if it was off; `0` and
   * 18446744073709551615, infinity to systemd, turn it off, and this Watchdog's pings with it). Due times, the
   * keep-alive and stall reports follow the new interval.
   */
  setWatchdogInterval(usec) {
    const sent = this.send({
      WATCHDOG_USEC: usec
    });
    if (sent) {
      this.#timeoutUsec = BigInt(usec) === UINT64_MAX ? 0 : Number(usec);
      this.#keepAlive.follow(this.timeoutMs);
      this.#followWithStalls();
    }
    return sent;
  }
  /** `ERRNO=n`: the errno-style reason the service failed. */
  errno(n) {
    return this.send({
      ERRNO: n
    });
  }
  /** `BUSERROR=name`: the D-Bus error name the service failed with. */
  busError(name) {
    return this.send({
      BUSERROR: name
    });
  }
  /**
   * `EXIT_STATUS=n` (0-255), informational only: systemd does not read it
   * from a service, whose exit status is its main process's.
   */
  exitStatus(n) {
    return this.send({
      EXIT_STATUS: n
    });
  }
  /** `MAINPID=pid`: the main process of the service, if not this one. */
  mainPid(pid) {
    return this.send({
      MAINPID: pid
    });
  }
  /**
   * `NOTIFYACCESS=access`: who may notify for the service from now on, overriding `NotifyAccess=`. systemd 254 and
   * later read it; 252 and 253 ignore it (the message is still delivered, so this returns `true`).
   */
  notifyAccess(access) {
    return this.send({
      NOTIFYACCESS: access
    });
  }
  /**
   * Resolves `true` once the service manager has processed everything this Watchdog sent before (sd_notify_barrier(3));
   * `false` without `NOTIFY_SOCKET`, when `BARRIER=1` could not be sent or its pipe could not be made or watched (the
   * error goes to `onError`), or after {@linkcode Watchdog.close}.
   * @throws {NotifyError} Rejects with `ETIMEDOUT` after `timeoutMs` (default 5000).
   */
  async barrier(options = {}) {
    const timeoutMs = barrierTimeoutMs(options);
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.#address === void 0) return false;
    let givenUp = false;
    try {
      return await barrierThrough((payload, fds) => this.#send(payload, fds, () => givenUp = true), timeoutMs, () => !givenUp);
    } catch (error) {
      if (error instanceof NotifyError && error.code === "ETIMEDOUT") throw error;
      this.#report.failed(error instanceof NotifyError ? error : new NotifyError("EIO", `Cannot pass the notification barrier: ${error}`));
      return false;
    }
  }
  /**
   * Resolves once every notification queued behind a busy service manager when it is called has reached the manager's
   * socket (or, for a status line, been replaced); at once when none is queued, and after `close()`. A main process may
   * then exit (systemd reads that socket before it handles the exit); another process should await
   * {@linkcode Watchdog.barrier}. It keeps the process alive while it waits.
   * @throws {NotifyError} Rejects with `ETIMEDOUT` after `timeoutMs` (default 5000), and with the error when the queue
   * had to be given up.
   *
   * @example
   * ```ts
   * import { watchdog } from "@x/systemd-watchdog";
   *
   * const wd = watchdog();
   * wd.stopping();
   * await wd.flush();
   * ```
   */
  async flush(options = {}) {
    const timeoutMs = timeoutOption("Cannot flush notifications", "timeoutMs", options.timeoutMs, 5e3);
    await this.#sender?.flush(timeoutMs);
  }
  /** Sends any state: `KEY=value` lines or an object of assignments, validated as {@linkcode sdNotify} does. */
  send(state) {
    const payload = datagramText(state);
    if (this.#phase === "closed") return this.#sendAfterClose();
    const status = typeof state === "string" ? /^STATUS=(.*)$/m.exec(state)?.[1] : state.STATUS;
    if (typeof status === "string") this.#serviceStatus = this.#sentStatus = status;
    const sent = this.#announce(payload, announcementsOf(payload));
    if (/^WATCHDOG=1$/m.test(payload)) this.#stalls?.pinged();
    if (typeof status === "string" && this.reloadFailure !== void 0) {
      this.#sendStatus(this.#serviceLine(statusText(status)));
    }
    return sent;
  }
  /**
   * Stops the keep-alive and stall reports, removes the reload listener (a running reload sends nothing more: at
   * shutdown send `stopping()` first, or systemd's reload job waits for its timeout) and closes the socket after one
   * last attempt, without waiting, at what is queued (the rest goes to `onError`; `await flush()` first). Later sends
   * return `false`, with one `EBADF` to `onError`.
   */
  close() {
    if (this.#phase === "closed") return;
    this.#stalls?.close();
    this.#phase = "closed";
    this.#keepAlive.stop();
    this.#reloadListener?.close();
    this.#reloads?.cancel("the Watchdog was closed");
    if (this.#sender === void 0) return;
    dropped.unregister(this);
    this.#sender.close();
    this.#sender = void 0;
  }
  /** Same as {@linkcode Watchdog.close}. */
  [Symbol.dispose]() {
    this.close();
  }
  /** A status line of the service's own, as shown: marked while the last reload has failed. */
  #serviceLine(text) {
    if (this.reloadFailure === void 0) return text;
    return RELOAD_FAILED_MARK + statusText(text, {
      reserveBytes: RELOAD_FAILED_MARK.length
    });
  }
  /** Stall reports watch from `READY=1` to `STOPPING=1`, while systemd's watchdog runs, at its interval. */
  #followWithStalls() {
    const watched = this.#phase === "ready" || this.#phase === "reloading";
    this.#stalls?.follow(watched ? this.timeoutMs : 0);
  }
  /** What the keep-alive does through this Watchdog; its unhealthiness also tells stall reports that pings are withheld. */
  #keepAliveActions() {
    let unhealthy = false;
    const stalls = () => this.#stalls;
    return {
      ping: () => this.notify(),
      status: (text) => this.#sendOwnLine(text),
      serviceStatus: () => this.#serviceStatus === void 0 ? void 0 : this.#serviceLine(this.#serviceStatus),
      get unhealthy() {
        return unhealthy;
      },
      set unhealthy(value) {
        unhealthy = value;
        stalls()?.withholdPings(value);
      }
    };
  }
  /** Puts the last status line sent back after a stall report's (an empty one clears the report's, if none was). */
  #restoreStatus() {
    if (this.#phase === "closed") return;
    this.#send(statusDatagram(this.#sentStatus ?? ""));
  }
  /** A status line of the Watchdog's own (keep-alive, reload), made safe as `status()` makes its text. */
  #sendOwnLine(text) {
    return this.#sendStatus(statusText(text));
  }
  #sendStatus(line) {
    this.#sentStatus = line;
    return this.#send(statusDatagram(line));
  }
  /** Sends a message that moves the service to another phase; the phase moves whether or not it is delivered. */
  #announce(payload, announced) {
    if (this.#phase === "closed") return this.#sendAfterClose();
    const before = this.#phase;
    this.#phase = phaseAfter(before, announced);
    const sent = this.#send(payload);
    if (this.#phase !== before) this.#followWithStalls();
    if (this.#phase === "ready") this.#reloads?.resume();
    if (this.#phase === "stopping" && before !== "stopping") this.#reloads?.cancel("the service is stopping");
    return sent;
  }
  #throwIfClosed(what) {
    if (this.#phase === "closed") {
      throw new NotifyError("EBADF", `Cannot ${what}: this Watchdog was closed; create a new one`);
    }
  }
  #sendAfterClose() {
    if (!this.#closedUseReported) {
      this.#closedUseReported = true;
      this.#report.failed(new NotifyError("EBADF", "Cannot send notification: this Watchdog was closed; stop the timers that send through it before close(), or create a new one"));
    }
    return false;
  }
  #explainNoPings() {
    writeLine(this.#noPingsReason);
    this.#noPingsReason = void 0;
  }
  #send(payload, fds, onDrop) {
    if (this.#phase === "closed") return this.#sendAfterClose();
    if (this.#address === void 0) return false;
    const datagram = typeof payload === "function" ? payload() : payload;
    if (datagram.length === 0) return false;
    const sender = this.#sender ?? this.#open(this.#address);
    if (sender === void 0) return false;
    return sender.send(datagram, fds, onDrop);
  }
  /** The sender, made on the first send; `undefined` (and reported) when NOTIFY_SOCKET is malformed. */
  #open(address) {
    if (address instanceof NotifyError) {
      this.#report.failed(address);
      return void 0;
    }
    this.#sender = new QueuedSender(new NotifySocket(address, {
      sendTimeoutMs: this.#sendTimeoutMs
    }), this.#report);
    dropped.register(this, this.#sender, this);
    return this.#sender;
  }
};
var READY2 = {
  ready: true,
  reloading: false,
  stopping: false
};
var RELOADING2 = {
  ready: false,
  reloading: true,
  stopping: false
};
var STOPPING2 = {
  ready: false,
  reloading: false,
  stopping: true
};
function watchdog(options) {
  return new Watchdog(options);
}

// src/datagram_receiver.ts
var decoder = new TextDecoder();
var encoder7 = new TextEncoder();
var DatagramReceiver = class {
  /** The address, as NOTIFY_SOCKET would name it. */
  address;
  #libc = loadLibc();
  #fd;
  // struct msghdr | struct iovec | room for a datagram larger than systemd accepts, to see it whole
  #memory = new Uint8Array(MSGHDR.size + IOVEC.size + 8192);
  #msghdr = this.#memory.subarray(0, MSGHDR.size);
  #data = this.#memory.subarray(MSGHDR.size + IOVEC.size);
  /**
   * Binds a socket at `address` (`/path` or `@name`).
   * @throws {NotifyError} When the address is malformed or cannot be bound.
   */
  constructor(address) {
    const { sockaddr, kind } = parseNotifyAddress(address);
    this.address = address;
    if (kind === "path") this.#libc.unlink(encoder7.encode(address + "\0"));
    this.#fd = this.#libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (this.#fd < 0 || this.#libc.bind(this.#fd, sockaddr, sockaddr.length) < 0) {
      const code = errnoName(this.#libc.errno());
      if (this.#fd >= 0) this.#libc.close(this.#fd);
      throw new NotifyError(code, `Cannot bind a receiver at ${address}: ${code}`);
    }
    const view3 = new DataView(this.#memory.buffer);
    view3.setBigUint64(MSGHDR.iov, this.#libc.addressOf(this.#memory.subarray(MSGHDR.size)), true);
    view3.setBigUint64(MSGHDR.iovlen, 1n, true);
    view3.setBigUint64(MSGHDR.size + IOVEC.base, this.#libc.addressOf(this.#data), true);
    view3.setBigUint64(MSGHDR.size + IOVEC.len, BigInt(this.#data.length), true);
  }
  /** One queued datagram as text, or `undefined` when none is queued. */
  tryReceive() {
    if (this.#fd < 0) throw new NotifyError("EBADF", `Cannot receive: the receiver at ${this.address} is closed`);
    const n = this.#libc.recvmsg(this.#fd, this.#msghdr, MSG_DONTWAIT);
    if (n >= 0) return decoder.decode(this.#data.subarray(0, n));
    const errno = this.#libc.errno();
    if (errno === EAGAIN) return void 0;
    throw new NotifyError(errnoName(errno), `Cannot receive at ${this.address}: recvmsg() failed with ${errnoName(errno)}`);
  }
  /** Whether {@linkcode DatagramReceiver.close} was called. */
  get closed() {
    return this.#fd < 0;
  }
  /** Closes the socket and removes its path. */
  close() {
    if (this.#fd < 0) return;
    this.#libc.close(this.#fd);
    this.#fd = -1;
    if (this.address.startsWith("/")) this.#libc.unlink(encoder7.encode(this.address + "\0"));
  }
  /** Same as {@linkcode DatagramReceiver.close}. */
  [Symbol.dispose]() {
    this.close();
  }
};

// src/fake_notify_socket.ts
var COLLECT_EVERY_MS = 2;
function temporaryDirectory() {
  let directory;
  try {
    directory = readVariable(void 0, "TMPDIR");
  } catch {
  }
  return directory?.replace(/\/+$/, "") || "/tmp";
}
function parse2(datagram) {
  const message = {};
  for (const line of datagram.split("\n")) {
    const equals = line.indexOf("=");
    const key = line.slice(0, equals);
    if (equals > 0 && !Object.hasOwn(message, key)) message[key] = line.slice(equals + 1);
  }
  return message;
}
var FakeNotifySocket = class {
  #receiver;
  #datagrams = [];
  #messages = [];
  #stopCollecting;
  constructor(receiver) {
    this.#receiver = receiver;
    this.#stopCollecting = unrefInterval(() => {
      try {
        this.#collect();
      } catch {
      }
    }, COLLECT_EVERY_MS);
  }
  /**
   * Binds a fresh socket with a unique name.
   * @throws {NotifyError} When FFI is not permitted (Deno: `--allow-ffi`; Node.js under `--permission`: `--allow-ffi`)
   * or not available, or binding fails (`ENAMETOOLONG` for a `TMPDIR` that leaves no room in a socket address's 108
   * bytes: use `abstract`).
   */
  static open(options = {}) {
    const name = `sdw-fake-${crypto.randomUUID()}`;
    const address = options.abstract ? `@${name}` : `${temporaryDirectory()}/${name}.sock`;
    return Promise.resolve(new this(new DatagramReceiver(address)));
  }
  /** The socket's address, as `NOTIFY_SOCKET` names it. */
  get address() {
    return this.#receiver.address;
  }
  /** The environment to give the code under test. */
  get env() {
    return {
      NOTIFY_SOCKET: this.address
    };
  }
  /** Every datagram received so far, parsed into assignments, oldest first: a copy, as of this read. */
  get messages() {
    this.#collect();
    return this.#messages.slice();
  }
  /** Every datagram received so far, as sent, oldest first: a copy, as of this read. */
  get datagrams() {
    this.#collect();
    return this.#datagrams.slice();
  }
  /**
   * The first message, received so far or still to come, for which `predicate` holds. Waits without blocking the event
   * loop.
   * @throws {NotifyError} `ETIMEDOUT` when none arrives within `timeoutMs`; `EINVAL` for a bad `timeoutMs`.
   */
  async waitFor(predicate, options = {}) {
    const timeoutMs = timeoutOption("Cannot wait for a message", "timeoutMs", options.timeoutMs, 5e3);
    const deadline = performance.now() + timeoutMs;
    let checked = 0;
    for (; ; ) {
      const messages = this.messages;
      for (; checked < messages.length; checked++) if (predicate(messages[checked])) return messages[checked];
      if (performance.now() > deadline) {
        throw new NotifyError("ETIMEDOUT", `No matching message on ${this.address} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  /** Closes the socket (and removes its path). Messages already received stay readable. */
  close() {
    this.#stopCollecting();
    try {
      this.#collect();
    } finally {
      this.#receiver.close();
    }
  }
  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.dispose]() {
    this.close();
  }
  /** Same as {@linkcode FakeNotifySocket.close}. */
  [Symbol.asyncDispose]() {
    this.close();
    return Promise.resolve();
  }
  #collect() {
    if (this.#receiver.closed) return;
    for (let datagram = this.#receiver.tryReceive(); datagram !== void 0; datagram = this.#receiver.tryReceive()) {
      this.#datagrams.push(datagram);
      this.#messages.push(parse2(datagram));
    }
  }
};
export {
  FakeNotifySocket,
  MAX_DATAGRAM_BYTES,
  NotifyError,
  NotifySocket,
  SD_LISTEN_FDS_START,
  Watchdog,
  closeSharedSocket,
  encodeState,
  formatState,
  monotonicUsec,
  parseNotifyAddress,
  readWatchdogEnvironment,
  sdBooted,
  sdIsFifo,
  sdIsMq,
  sdIsSocket,
  sdIsSocketInet,
  sdIsSocketUnix,
  sdIsSpecial,
  sdListenFds,
  sdListenFdsWithNames,
  sdNotify,
  sdNotifyBarrier,
  sdNotifyWithFds,
  sdWatchdogEnabled,
  watchdog
};
