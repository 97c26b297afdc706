#!/usr/bin/env bash
# npm run soak: the soak on Deno, then on Bun, then on Node.js 26. SOAK_COUNT sets the number of messages.
set -u
cd "$(dirname "$0")/.."
status=0
node_modules/.bin/deno run --allow-all scripts/soak.ts || status=1
node_modules/.bin/bun scripts/soak.ts || status=1
node_modules/node/bin/node --disable-warning=ExperimentalWarning scripts/soak.ts || status=1
exit $status
