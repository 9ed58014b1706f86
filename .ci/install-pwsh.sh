#!/usr/bin/env bash
# Installs PowerShell 7 (pwsh) as a .NET global tool for the script tests, unless a pwsh is already
# available. Idempotent: a second run only reports where pwsh is. Needs the dotnet SDK on PATH.
set -euo pipefail

PWSH_VERSION="${PWSH_VERSION:-7.6.9}"
TOOLS_DIR="${HOME}/.dotnet/tools"

if command -v pwsh >/dev/null 2>&1; then
  echo "pwsh already on PATH: $(command -v pwsh)"
  exit 0
fi

if [ -x "${TOOLS_DIR}/pwsh" ]; then
  echo "pwsh already installed: ${TOOLS_DIR}/pwsh (add ${TOOLS_DIR} to PATH)"
  exit 0
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-pwsh: dotnet SDK not found on PATH; cannot install PowerShell" >&2
  exit 1
fi

# No telemetry banner or first-run noise in CI logs.
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "installing PowerShell ${PWSH_VERSION} as a dotnet global tool"
dotnet tool install --global PowerShell --version "${PWSH_VERSION}"

if [ ! -x "${TOOLS_DIR}/pwsh" ]; then
  echo "install-pwsh: dotnet tool install finished but ${TOOLS_DIR}/pwsh is missing" >&2
  exit 1
fi
echo "pwsh installed: ${TOOLS_DIR}/pwsh (add ${TOOLS_DIR} to PATH)"
"${TOOLS_DIR}/pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()'
