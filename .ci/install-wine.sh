#!/usr/bin/env bash
# Installs what the Windows-executable tests need on Debian: Wine (64-bit) to run the .exe, mingw-w64 to compile
# the tiny Windows programs that stand in for AmpCLI.exe and sfc.exe, and GNU time for the benchmark's peak RSS.
# Idempotent: does nothing when everything is already there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v wine >/dev/null 2>&1 || missing+=(wine)
{ command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ]; } || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
[ -x /usr/bin/time ] || missing+=(time)

if [ ${#missing[@]} -eq 0 ]; then
  echo "wine, mingw-w64 and time already installed"
  exit 0
fi

echo "installing: ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "wine $(wine --version 2>/dev/null || echo '?'), $(x86_64-w64-mingw32-gcc --version | head -1)"
