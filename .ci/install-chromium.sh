#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report test (test/fleet/html.test.ts). Idempotent: does nothing when a
# chromium binary is already on the PATH. Debian's package is used because the machines reach Debian's mirror and
# the npm registry only: browser downloads of playwright or puppeteer would fail.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium present: $(chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
echo "chromium installed: $(chromium --version 2>/dev/null || echo unknown version)"
