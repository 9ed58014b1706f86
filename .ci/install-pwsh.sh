#!/usr/bin/env bash
# Installs PowerShell 7 (pwsh) as a .NET global tool for the script tests, unless a pwsh is already
# available, then compiles the tool's assemblies ahead of time (see precompile below). Idempotent: a second run
# only reports where pwsh is. Needs the dotnet SDK on PATH.
set -euo pipefail

PWSH_VERSION="${PWSH_VERSION:-7.6.9}"
TOOLS_DIR="${HOME}/.dotnet/tools"

# No telemetry banner or first-run noise in CI logs.
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The global tool ships PowerShell's assemblies as IL only, so every pwsh start compiles PowerShell itself
# with the JIT: about 0.9 s of CPU for `pwsh -Command 'exit 0'`, and the suite starts pwsh some 170 times.
# Microsoft's own pwsh packages are ReadyToRun (compiled ahead of time by crossgen2); this does the same to the
# tool with crossgen2 of the installed .NET runtime's version, which takes pwsh down to about 0.35 s of CPU. The
# same IL runs either way: the runtime uses the precompiled code only where it matches, and JITs the rest.
# Best effort: a machine where crossgen2 cannot be had keeps a working, slower pwsh.
precompile() {
  local assemblies major marker runtime_line runtime_version runtime_dir work crossgen compiled=0
  assemblies=$(echo "${TOOLS_DIR}/.store/powershell/${PWSH_VERSION}/powershell/${PWSH_VERSION}"/tools/net*/any/unix)
  [ -f "${assemblies}/System.Management.Automation.dll" ] || return 0
  # The runtime pwsh runs on: the newest installed patch of the major version the tool targets (tools/net10.0/...).
  major=$(basename "$(dirname "$(dirname "$assemblies")")" | sed -E 's/^net([0-9]+)\..*/\1/')
  runtime_line=$(dotnet --list-runtimes | grep "^Microsoft.NETCore.App ${major}\." | sort -V | tail -1) || return 0
  runtime_version=$(awk '{print $2}' <<<"$runtime_line")
  runtime_dir="$(sed -E 's/.*\[(.*)\]/\1/' <<<"$runtime_line")/${runtime_version}"
  marker="${assemblies}/.ready-to-run-${runtime_version}"
  if [ -f "$marker" ]; then
    echo "pwsh assemblies already compiled ahead of time for .NET ${runtime_version}"
    return 0
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  cat >"${work}/crossgen.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net${major}.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Crossgen2.linux-x64" Version="[${runtime_version}]" />
  </ItemGroup>
</Project>
EOF
  if ! dotnet restore "${work}/crossgen.csproj" --packages "${work}/packages" >"${work}/restore.log" 2>&1; then
    echo "install-pwsh: crossgen2 ${runtime_version} could not be restored; pwsh stays as installed (slower):" >&2
    tail -5 "${work}/restore.log" >&2
    return 0
  fi
  crossgen="${work}/packages/microsoft.netcore.app.crossgen2.linux-x64/${runtime_version}/tools/crossgen2"
  mkdir "${work}/out"
  for dll in "${assemblies}"/*.dll; do
    # An assembly crossgen2 refuses (already compiled, a facade without code) stays as it is.
    if "$crossgen" -r "${runtime_dir}/*.dll" -r "${assemblies}/*.dll" --targetos linux --targetarch x64 -O \
      "$dll" -o "${work}/out/$(basename "$dll")" >>"${work}/crossgen.log" 2>&1; then
      compiled=$((compiled + 1))
    fi
  done
  for dll in "${work}"/out/*.dll; do mv -f "$dll" "${assemblies}/$(basename "$dll")"; done
  touch "$marker"
  echo "pwsh: ${compiled} assemblies compiled ahead of time by crossgen2 ${runtime_version}"
}

if command -v pwsh >/dev/null 2>&1; then
  echo "pwsh already on PATH: $(command -v pwsh)"
elif [ -x "${TOOLS_DIR}/pwsh" ]; then
  echo "pwsh already installed: ${TOOLS_DIR}/pwsh (add ${TOOLS_DIR} to PATH)"
else
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "install-pwsh: dotnet SDK not found on PATH; cannot install PowerShell" >&2
    exit 1
  fi
  echo "installing PowerShell ${PWSH_VERSION} as a dotnet global tool"
  dotnet tool install --global PowerShell --version "${PWSH_VERSION}"
  if [ ! -x "${TOOLS_DIR}/pwsh" ]; then
    echo "install-pwsh: dotnet tool install finished but ${TOOLS_DIR}/pwsh is missing" >&2
    exit 1
  fi
  echo "pwsh installed: ${TOOLS_DIR}/pwsh (add ${TOOLS_DIR} to PATH)"
fi
if command -v dotnet >/dev/null 2>&1; then precompile; fi
if [ -x "${TOOLS_DIR}/pwsh" ]; then
  "${TOOLS_DIR}/pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()'
fi
