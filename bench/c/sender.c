/*
 * sender MODE N ADDRESS [MESSAGE]: sends MESSAGE (default WATCHDOG=1) N times, in
 * ten slices, and prints the nanoseconds per message of the median slice (as
 * bench/ours.ts measures this package, so that a noisy moment weighs the same on
 * both sides).
 *   sendto:     one unconnected socket, sendto() per message
 *   send:       one connected socket, send() per message
 *   sendmsg:    one connected socket, sendmsg() per message (what this package's transport does)
 *   sendmsg-fd: one connected socket, sendmsg() per message with one descriptor attached (SCM_RIGHTS)
 *   libsystemd: sd_notify(0, MESSAGE) per message (a new socket each time)
 * The floor is the faster of sendto and send, measured in the same run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "address.h"

int sd_notify(int unset_environment, const char *state); /* from libsystemd.so.0 */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int fail(const char *what) {
  perror(what);
  return 1;
}

enum mode { SENDTO, SEND, SENDMSG, SENDMSG_FD, LIBSYSTEMD };

struct sender {
  enum mode mode;
  int fd;
  const char *message;
  size_t length;
  struct sockaddr_un sa;
  socklen_t sa_len;
  struct msghdr msg;
};

/* One message the way `mode` says; < 0 on failure. */
static int send_one(const struct sender *s) {
  switch (s->mode) {
  case SENDTO: return (int)sendto(s->fd, s->message, s->length, MSG_NOSIGNAL, (const struct sockaddr *)&s->sa, s->sa_len);
  case SEND: return (int)send(s->fd, s->message, s->length, MSG_NOSIGNAL);
  case SENDMSG:
  case SENDMSG_FD: return (int)sendmsg(s->fd, &s->msg, MSG_NOSIGNAL);
  case LIBSYSTEMD: return sd_notify(0, s->message) > 0 ? 0 : -1;
  }
  return -1;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#define SLICES 10

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) return 2;
  struct sender s = {.message = argc == 5 ? argv[4] : "WATCHDOG=1", .fd = -1};
  s.length = strlen(s.message);
  s.sa_len = notify_address(argv[3], &s.sa);
  long n = atol(argv[2]);
  const char *mode = argv[1];
  struct iovec iov = {.iov_base = (void *)s.message, .iov_len = s.length};
  union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
  if (strcmp(mode, "libsystemd") == 0) {
    s.mode = LIBSYSTEMD;
    setenv("NOTIFY_SOCKET", argv[3], 1);
  } else {
    s.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s.fd < 0) return fail("socket");
    if (strcmp(mode, "sendto") == 0) {
      s.mode = SENDTO;
    } else {
      if (connect(s.fd, (struct sockaddr *)&s.sa, s.sa_len) < 0) return fail("connect");
      if (strcmp(mode, "send") == 0) {
        s.mode = SEND;
      } else if (strcmp(mode, "sendmsg") == 0) {
        s.mode = SENDMSG;
        s.msg = (struct msghdr){.msg_iov = &iov, .msg_iovlen = 1};
      } else if (strcmp(mode, "sendmsg-fd") == 0) {
        s.mode = SENDMSG_FD;
        s.msg = (struct msghdr){.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                                .msg_controllen = sizeof(control.buf)};
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&s.msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        int passed = 1; /* stdout, as bench/ours.ts passes */
        memcpy(CMSG_DATA(cmsg), &passed, sizeof(int));
      } else {
        return 2;
      }
    }
  }
  long per_slice = n / SLICES > 0 ? n / SLICES : 1;
  double slices[SLICES];
  for (int slice = 0; slice < SLICES; slice++) {
    double start = now_ns();
    for (long i = 0; i < per_slice; i++)
      if (send_one(&s) < 0) return fail(mode);
    slices[slice] = (now_ns() - start) / per_slice;
  }
  qsort(slices, SLICES, sizeof(double), by_value);
  printf("%.1f\n", slices[SLICES / 2]);
  return 0;
}
