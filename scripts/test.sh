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
status=0
echo "== deno test"
"$bin/deno" test --allow-all \
  --junit-path="$reports/deno.xml" tests/ || status=1
echo "== bun test"
"$bin/bun" test --reporter=junit --reporter-outfile="$reports/bun.xml" tests/ || status=1
# bun writes no report when it finds no test at all; the summary counts that as a failure.
node scripts/junit_summary.mjs "deno=$reports/deno.xml" "bun=$reports/bun.xml" || status=1
exit $status
