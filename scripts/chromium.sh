#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser tests (test/browser/) when it is missing.
# Needs root (apt-get). Never downloads a browser from anywhere else (no `playwright install`).
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/chromium.sh: $CHROMIUM is missing and installing it needs root (apt-get install chromium)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$CHROMIUM" --version
