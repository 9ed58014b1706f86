#!/usr/bin/env bash
# Installs what `npm run release` and its tests need on Debian: osslsigncode to sign the Windows executable with a
# PKCS#12 key (Authenticode, optional RFC 3161 time stamp) and to verify the signature, and exiftool
# (libimage-exiftool-perl) with which the tests read the executable's version resource.
# Idempotent: does nothing when everything is already there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v osslsigncode >/dev/null 2>&1 || missing+=(osslsigncode)
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)

if [ ${#missing[@]} -eq 0 ]; then
  echo "osslsigncode and exiftool already installed"
  exit 0
fi

echo "installing: ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "$(osslsigncode --version 2>&1 | head -1), exiftool $(exiftool -ver)"
