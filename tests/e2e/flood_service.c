/*
 * The C reference for tests/e2e/stalled_manager.test.ts: a Type=notify service written as libsystemd's
 * users write one. A STATUS= line per "request", about 3,000 a second, and WATCHDOG=1 every quarter of
 * WatchdogSec, both through the blocking sd_notify(). SIGUSR1 stops its pings for good; with the argument
 * "control" it sends no status lines.
 *
 * Build: gcc -O2 -o flood_service flood_service.c -l:libsystemd.so.0
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* From sd-daemon.h: libsystemd-dev is not installed where the tests run, only libsystemd0. */
int sd_notify(int unset_environment, const char *state);
int sd_watchdog_enabled(int unset_environment, uint64_t *usec);

static volatile sig_atomic_t pinging = 1;

static void stop_pinging(int signal_number) {
  (void)signal_number;
  pinging = 0;
}

static uint64_t now_usec(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000 + (uint64_t)now.tv_nsec / 1000;
}

int main(int argc, char **argv) {
  int control = argc > 1 && strcmp(argv[1], "control") == 0;
  uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) <= 0) {
    fputs("flood_service: no watchdog (WatchdogSec= unset?)\n", stderr);
    return 2;
  }
  struct sigaction action = {.sa_handler = stop_pinging, .sa_flags = SA_RESTART};
  sigaction(SIGUSR1, &action, NULL);
  sd_notify(0, "READY=1");

  const struct timespec pause = {.tv_nsec = 10 * 1000 * 1000};
  char status[64];
  uint64_t next_ping = 0;
  for (unsigned long long request = 1;; request++) {
    if (pinging && now_usec() >= next_ping) {
      sd_notify(0, "WATCHDOG=1");
      next_ping = now_usec() + watchdog_usec / 4;
    }
    if (!control) {
      snprintf(status, sizeof status, "STATUS=request %llu", request);
      sd_notify(0, status); /* blocks while the manager's queue is full */
    }
    if (control || request % 30 == 0) nanosleep(&pause, NULL);
  }
}
