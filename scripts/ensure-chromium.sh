#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the report's browser tests (test/report).
# Idempotent: exits at once when /usr/bin/chromium exists. Playwright never downloads a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update
$SUDO apt-get install -y chromium
