#!/usr/bin/env bash
# Fetches a second systemd, from Debian's bookworm-backports (254 at the time of writing), and unpacks it
# into .cache/systemd-backports/ beside the installed one, without installing it: apt reads a private
# source list and keeps its lists and downloads under that directory too. The end-to-end suite runs a
# user manager from it (LD_LIBRARY_PATH pointing inside), and the libsystemd comparisons load its
# libsystemd.so.0. Prints the version; does nothing if it is already there. Needs root, apt and dpkg.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/systemd-backports
if [ -x "$dir/root/lib/systemd/systemd" ] && [ -s "$dir/version" ]; then
  cat "$dir/version"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
cat >"$dir/sources/backports.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt=(-qq -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$PWD/$dir/sources"
  -o "Dir::State::Lists=$PWD/$dir/lists" -o "Dir::Cache=$PWD/$dir/cache" -o APT::Sandbox::User=root)
apt-get "${apt[@]}" update >/dev/null
(cd "$dir/debs" && apt-get "${apt[@]}" download systemd/bookworm-backports libsystemd-shared/bookworm-backports \
  libsystemd0/bookworm-backports >/dev/null)
for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
multiarch="$(uname -m)-linux-gnu" # x86_64-linux-gnu or aarch64-linux-gnu
LD_LIBRARY_PATH="$dir/root/usr/lib/$multiarch/systemd:$dir/root/usr/lib/$multiarch" \
  "$dir/root/bin/systemctl" --version | head -1 | cut -d' ' -f2 >"$dir/version"
rm -rf "$dir/debs" "$dir/cache" "$dir/lists"
cat "$dir/version"
