/*
 * sender MODE N ADDRESS [MESSAGE]: sends MESSAGE (default WATCHDOG=1) N times and
 * prints the nanoseconds per message.
 *   sendto:     one unconnected socket, sendto() per message
 *   send:       one connected socket, send() per message (what this package's transport does)
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

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) return 2;
  const char *mode = argv[1];
  long n = atol(argv[2]);
  const char *message = argc == 5 ? argv[4] : "WATCHDOG=1";
  size_t length = strlen(message);
  struct sockaddr_un sa;
  socklen_t sa_len = notify_address(argv[3], &sa);
  double start, end;
  if (strcmp(mode, "libsystemd") == 0) {
    setenv("NOTIFY_SOCKET", argv[3], 1);
    start = now_ns();
    for (long i = 0; i < n; i++)
      if (sd_notify(0, message) <= 0) { fprintf(stderr, "sd_notify failed\n"); return 1; }
    end = now_ns();
  } else {
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail("socket");
    if (strcmp(mode, "sendto") == 0) {
      start = now_ns();
      for (long i = 0; i < n; i++)
        if (sendto(fd, message, length, MSG_NOSIGNAL, (struct sockaddr *)&sa, sa_len) < 0) return fail("sendto");
      end = now_ns();
    } else {
      if (connect(fd, (struct sockaddr *)&sa, sa_len) < 0) return fail("connect");
      if (strcmp(mode, "send") == 0) {
        start = now_ns();
        for (long i = 0; i < n; i++)
          if (send(fd, message, length, MSG_NOSIGNAL) < 0) return fail("send");
        end = now_ns();
      } else if (strcmp(mode, "sendmsg-fd") == 0) {
        struct iovec iov = {.iov_base = (void *)message, .iov_len = length};
        union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                             .msg_controllen = sizeof(control.buf)};
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        int passed = 1; /* stdout, as bench/ours.ts passes */
        memcpy(CMSG_DATA(cmsg), &passed, sizeof(int));
        start = now_ns();
        for (long i = 0; i < n; i++)
          if (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0) return fail("sendmsg");
        end = now_ns();
      } else {
        return 2;
      }
    }
  }
  printf("%.1f\n", (end - start) / n);
  return 0;
}
