// Constants and struct layouts of Linux on x86_64 and aarch64 (LP64, little-endian), the only targets supported.

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
/** `sizeof(((struct sockaddr_un *) 0)->sun_path)`. */
export const SUN_PATH_SIZE = 108;
/** `INT_MAX`, the largest C `int`: file descriptors, process ids, `LISTEN_FDS`. */
export const INT_MAX = 0x7fffffff;
/** `UINT64_MAX`, the largest `uint64_t`: `usec_t` (systemd's `USEC_INFINITY`). */
export const UINT64_MAX = (1n << 64n) - 1n;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_SEQPACKET = 5;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const MSG_DONTWAIT = 0x40;
export const MSG_NOSIGNAL = 0x4000;
export const POLLOUT = 0x4;
export const POLLHUP = 0x10;
export const O_CLOEXEC = 0o2000000;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const FD_CLOEXEC = 1;
export const F_DUPFD_CLOEXEC = 1030;
export const SOL_SOCKET = 1;
export const SCM_RIGHTS = 1;
export const SO_TYPE = 3;
export const SO_SNDBUF = 7;
export const SO_ACCEPTCONN = 30;
export const SO_SNDBUFFORCE = 32;
/** The most file descriptors one message may carry. */
export const SCM_MAX_FD = 253;
export const CLOCK_MONOTONIC = 1;
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const F_OK = 0;
export const STATX_BASIC_STATS = 0x7ff;
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFREG = 0o100000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export const ENOENT = 2;
export const EINTR = 4;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOTDIR = 20;
export const EINVAL = 22;
export const ECONNREFUSED = 111;

/** `struct msghdr`: name, namelen, iov, iovlen, control, controllen, flags. */
export const MSGHDR = { size: 56, name: 0, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48 };
/** `struct iovec`: base, len. */
export const IOVEC = { size: 16, base: 0, len: 8 };
/** `struct pollfd`: fd, events, revents. */
export const POLLFD = { size: 8, fd: 0, events: 4, revents: 6 };
/** `struct cmsghdr`: len (size_t), level, type, then the data. */
export const CMSGHDR = { size: 16, len: 0, level: 8, type: 12 };
/** `CMSG_SPACE(n)`: a control message with `n` bytes of data, padded to 8 bytes. */
export const cmsgSpace = (n: number): number => CMSGHDR.size + Math.ceil(n / 8) * 8;
/** `struct timespec`: seconds, nanoseconds. */
export const TIMESPEC = { size: 16, sec: 0, nsec: 8 };
/** `struct statx` (the same on every architecture): mode (u16), ino (u64), rdev and dev (major, minor: u32 each). */
export const STATX = { size: 256, mode: 28, ino: 32, rdevMajor: 128, rdevMinor: 132, devMajor: 136, devMinor: 140 };
/** `union sockaddr_union` as libsystemd sizes it (that of `struct sockaddr_storage`); family, then port or path. */
export const SOCKADDR = { size: 128, family: 0, port: 2, path: 2 };
/** `struct mq_attr`: four `long`s and four reserved. */
export const MQ_ATTR_SIZE = 64;
