#!/usr/bin/env bash
# Runs the whole suite on Deno and on Bun, then prints one line:
# "N passed, N failed, N skipped" (both runtimes together).
set -u
cd "$(dirname "$0")/.."
bin=node_modules/.bin
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

# --allow-all: the suite reads /proc/self/fd and spawns runtimes; the permissions the
# library itself needs (--allow-ffi, --allow-env) are tested in child processes.
echo "== deno test"
"$bin/deno" test --allow-all --junit-path="$reports/deno.xml" tests/
deno_status=$?
echo "== bun test"
"$bin/bun" test --timeout=60000 --reporter=junit --reporter-outfile="$reports/bun.xml" tests/
bun_status=$?
# A runner that failed outside any test (an error while loading a file, say) counts as one failure.
node scripts/junit_summary.mjs "deno=$reports/deno.xml=$deno_status" "bun=$reports/bun.xml=$bun_status"
