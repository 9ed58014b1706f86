#!/usr/bin/env bash
# Installs the real proxies the end-to-end tests start on 127.0.0.1: Squid (HTTP, Basic auth through
# basic_ncsa_auth) and Dante (SOCKS 5). The tests run each with its own configuration in a temporary folder; the
# packages' own services are kept from starting. Idempotent: does nothing when both are already there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v squid >/dev/null 2>&1 || [ -x /usr/sbin/squid ] || missing+=(squid)
[ -x /usr/lib/squid/basic_ncsa_auth ] || missing+=(squid)
command -v danted >/dev/null 2>&1 || [ -x /usr/sbin/danted ] || missing+=(dante-server)

if [ ${#missing[@]} -eq 0 ]; then
  echo "squid and dante-server already installed"
  exit 0
fi

# Keep the packages' services from starting on install (a container has no init to manage them anyway).
added_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  added_policy=1
fi
echo "installing: ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null || status=$?
[ "$added_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
[ "${status:-0}" = 0 ] || exit "$status"
echo "$(/usr/sbin/squid -v | head -1), $(/usr/sbin/danted -v 2>&1 | head -1)"
