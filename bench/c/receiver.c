/*
 * A draining receiver: binds every ADDRESS given ("/path" or "@abstract"),
 * prints "ready", and receives until killed. It spins over the sockets rather
 * than sleeping in recv(): a receiver that wakes up per message would be what
 * the benchmark measures. One process spins, whatever the number of addresses.
 */
#include <errno.h>
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
  char buf[4097];
  for (;;)
    for (int i = 0; i < argc - 1; i++)
      while (recv(fds[i], buf, sizeof(buf), MSG_DONTWAIT) >= 0) {}
}
