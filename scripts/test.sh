#!/usr/bin/env bash
# Runs the whole suite on Deno, Bun and Node.js 26 (node_modules/.bin/node, from the devDependency, never
# the system's Node), then prints one line: "N passed, N failed, N skipped" (the three runtimes together).
set -u
cd "$(dirname "$0")/.."
bin=node_modules/.bin
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

# A second systemd (bookworm-backports) for the end-to-end suite and the libsystemd comparisons; a few
# seconds, once. If it cannot be fetched, the suites that need it say why (and fail in CI).
echo "== systemd: $(systemctl --version 2>/dev/null | head -1 | cut -d' ' -f1-2) installed, and from bookworm-backports:"
if ! fetched=$(bash scripts/fetch_systemd.sh 2>&1); then fetched="(could not fetch it: $fetched)"; fi
echo "   systemd $fetched"
# Deno and Bun for arm64, and qemu-user to run them: the FFI-level tests run once more on aarch64.
if ! fetched=$(bash scripts/fetch_aarch64.sh 2>&1); then fetched="(could not set it up: $fetched)"; fi
echo "== aarch64: $fetched"
# Node.js 24, which has no node:ffi: the package must still import and answer there.
if ! fetched=$(bash scripts/fetch_older_node.sh 2>&1); then fetched="(could not fetch it: $fetched)"; fi
echo "== older Node.js: $fetched"
# --allow-all: the suite reads /proc/self/fd and spawns runtimes; the permissions the
# library itself needs (--allow-ffi, --allow-env) are tested in child processes.
echo "== deno test"
"$bin/deno" test --allow-all --junit-path="$reports/deno.xml" tests/
deno_status=$?
echo "== bun test"
"$bin/bun" test --timeout=60000 --reporter=junit --reporter-outfile="$reports/bun.xml" tests/
bun_status=$?
echo "== node --test ($("$bin/node" --version))"
# One file at a time, as the other two runners do: the end-to-end files each start a user manager.
# node:ffi's ExperimentalWarning is silenced in the runner only; tests/node.test.ts checks when it comes.
"$bin/node" --disable-warning=ExperimentalWarning --test --test-concurrency=1 --test-timeout=900000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$reports/node.xml" "tests/**/*.test.ts"
node_status=$?
# A runner that failed outside any test (an error while loading a file, say) counts as one failure.
"$bin/node" scripts/junit_summary.mjs "deno=$reports/deno.xml=$deno_status" "bun=$reports/bun.xml=$bun_status" \
  "node=$reports/node.xml=$node_status"
