/* NOTIFY_SOCKET-style address ("/path" or "@abstract") to struct sockaddr_un. */
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>

static socklen_t notify_address(const char *text, struct sockaddr_un *sa) {
  size_t n = strlen(text);
  memset(sa, 0, sizeof(*sa));
  sa->sun_family = AF_UNIX;
  memcpy(sa->sun_path, text, n);
  if (text[0] == '@') {
    sa->sun_path[0] = 0;
    return offsetof(struct sockaddr_un, sun_path) + n;
  }
  return offsetof(struct sockaddr_un, sun_path) + n + 1;
}
