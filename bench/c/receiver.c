/*
 * A draining receiver: binds every ADDRESS given ("/path" or "@abstract"),
 * prints "ready", and receives until killed. It spins over the sockets rather
 * than sleeping in recv(): a receiver that wakes up per message would be what
 * the benchmark measures. One process spins, whatever the number of addresses.
 * It takes up to 64 datagrams per system call (recvmmsg()), so that it drains
 * faster than any sender fills (the queue holds 10, net.unix.max_dgram_qlen):
 * one datagram per recv() took about as long as a send, and a sender that
 * outran it measured the receiver (C blocked in send(); ours, non-blocking,
 * met EAGAIN and waited in poll(): up to one send in six).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "address.h"

int main(int argc, char **argv) {
  if (argc < 2 || argc > 9) return 2;
  int fds[8];
  for (int i = 1; i < argc; i++) {
    struct sockaddr_un sa;
    socklen_t len = notify_address(argv[i], &sa);
    if (argv[i][0] == '/') unlink(argv[i]);
    fds[i - 1] = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fds[i - 1] < 0 || bind(fds[i - 1], (struct sockaddr *)&sa, len) < 0) { perror("bind"); return 1; }
  }
  printf("ready\n");
  fflush(stdout);
  enum { BATCH = 64 };
  static char bufs[BATCH][4097];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof(msgs));
  for (int j = 0; j < BATCH; j++) {
    iov[j] = (struct iovec){.iov_base = bufs[j], .iov_len = sizeof(bufs[j])};
    msgs[j].msg_hdr.msg_iov = &iov[j];
    msgs[j].msg_hdr.msg_iovlen = 1;
  }
  for (;;)
    for (int i = 0; i < argc - 1; i++)
      while (recvmmsg(fds[i], msgs, BATCH, MSG_DONTWAIT, NULL) > 0) {}
}
