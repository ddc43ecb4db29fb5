#!/usr/bin/env bash
# The one command that sets up and runs the tests on a fresh machine with only Node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() { npx --yes "pnpm@${PNPM_VERSION}" "$@"; }
pnpm install --frozen-lockfile
bash scripts/chromium.sh || echo "Chromium is unavailable: the browser tests (test/browser/) will fail (see scripts/chromium.sh)." >&2
bash scripts/postgres.sh install || echo "PostgreSQL is unavailable: the store's PostgreSQL contract tests will fail (see scripts/postgres.sh)." >&2
pnpm test
