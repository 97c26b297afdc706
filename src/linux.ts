/**
 * Linux constants and struct layouts for x86_64 and aarch64 (LP64,
 * little-endian), the targets this package supports.
 *
 * @module
 */

export const AF_UNIX = 1;
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const MSG_DONTWAIT = 0x40;
export const MSG_NOSIGNAL = 0x4000;
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const CLOCK_MONOTONIC = 1;

export const EINTR = 4;
export const EAGAIN = 11;
export const ECONNREFUSED = 111;

/** `struct msghdr`: name, namelen, iov, iovlen, control, controllen, flags. */
export const MSGHDR = { size: 56, name: 0, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48 };
/** `struct iovec`: base, len. */
export const IOVEC = { size: 16, base: 0, len: 8 };
/** `struct pollfd`: fd, events, revents. */
export const POLLFD = { size: 8, fd: 0, events: 4, revents: 6 };
/** `struct timespec`: seconds, nanoseconds. */
export const TIMESPEC = { size: 16, sec: 0, nsec: 8 };
