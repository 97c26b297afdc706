/*
 * sender floor|libsystemd N ADDRESS: sends WATCHDOG=1 N times and prints the
 * nanoseconds per message.
 *   floor:      one socket, sendto() per message (the least any client can do)
 *   libsystemd: sd_notify(0, "WATCHDOG=1") per message (a new socket each time)
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

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  long n = atol(argv[2]);
  static const char message[] = "WATCHDOG=1";
  double start, end;
  if (strcmp(argv[1], "floor") == 0) {
    struct sockaddr_un sa;
    socklen_t len = notify_address(argv[3], &sa);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    start = now_ns();
    for (long i = 0; i < n; i++)
      if (sendto(fd, message, sizeof(message) - 1, MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0) { perror("sendto"); return 1; }
    end = now_ns();
  } else {
    setenv("NOTIFY_SOCKET", argv[3], 1);
    start = now_ns();
    for (long i = 0; i < n; i++)
      if (sd_notify(0, message) <= 0) { fprintf(stderr, "sd_notify failed\n"); return 1; }
    end = now_ns();
  }
  printf("%.1f\n", (end - start) / n);
  return 0;
}
