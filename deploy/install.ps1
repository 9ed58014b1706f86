<#
.SYNOPSIS
    Installs tetra-doctor on this endpoint: the executable under Program Files, and a settings and state folder
    under ProgramData that only SYSTEM and Administrators can read or write.

.DESCRIPTION
    1. Copies tetra-doctor.exe from this script's folder to "$env:ProgramW6432\tetra-doctor\tetra-doctor.exe"
       (the 64-bit Program Files, also from a 32-bit PowerShell host).
    2. Creates "$env:ProgramData\tetra-doctor", where tetra-doctor keeps its settings.json, any policy XML it is
       given (which may hold the proxy password), its history, cooldown and lock. Its rights are set with
       icacls: inheritance removed, full control for SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only,
       so the Users group can neither read the proxy password nor steer a SYSTEM run.
    3. When a settings.json lies beside this script (an admin added it to the package), copies it into that folder.

    Run it again at any time: it leaves the same result (a newer exe replaces the old one; the folder and its
    rights are set again). Exit 0 on success; exit 1 with one line on stderr naming the step that failed. Intune's
    Win32 app install command: powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\install.ps1

.PARAMETER ProgramFilesRoot
    The 64-bit Program Files folder. Default: $env:ProgramW6432 ($env:ProgramFiles when that is empty).

.PARAMETER ProgramDataRoot
    The ProgramData folder. Default: $env:ProgramData.

.PARAMETER Icacls
    The icacls program that sets the folder's rights. Default: "$env:SystemRoot\System32\icacls.exe", by full path
    so that no icacls.exe planted on PATH is run. Tests point it at Wine's.

.NOTES
    FileName:    install.ps1
    Release:     tetra-doctor 0.1.0
    Requires:    Windows PowerShell 5.1 or PowerShell 7, run elevated (Intune and RMMs run it as SYSTEM)
#>
param(
    [string]$ProgramFilesRoot = '',
    [string]$ProgramDataRoot = '',
    [string]$Icacls = ''
)

#region Deploy common (copied from scripts-shared/deploy-common.ps1 by npm run scripts:sync; edit it there)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

# The first value that is not empty: the parameter, else the environment's folders in order of preference.
function Get-Default([string]$Value, [string[]]$Candidates) {
    if (-not [string]::IsNullOrEmpty($Value)) { return $Value }
    foreach ($candidate in $Candidates) { if (-not [string]::IsNullOrEmpty($candidate)) { return $candidate } }
    return ''
}
#endregion Deploy common

function Stop-Install([string]$Step, [string]$Detail) {
    [Console]::Error.WriteLine("tetra-doctor install: $Step failed: $Detail")
    exit 1
}

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$ProgramFilesRoot = Get-Default $ProgramFilesRoot @($env:ProgramW6432, $env:ProgramFiles)
$ProgramDataRoot = Get-Default $ProgramDataRoot @($env:ProgramData)
if ([string]::IsNullOrEmpty($Icacls)) {
    $Icacls = (Get-Default '' @($env:SystemRoot, 'C:\Windows')).TrimEnd('\') + '\System32\icacls.exe'
}
if ([string]::IsNullOrEmpty($ProgramFilesRoot)) { Stop-Install 'finding Program Files' 'ProgramW6432 and ProgramFiles are empty' }
if ([string]::IsNullOrEmpty($ProgramDataRoot)) { Stop-Install 'finding ProgramData' 'ProgramData is empty' }

$source = Join-Path $here 'tetra-doctor.exe'
$installDir = Join-Path $ProgramFilesRoot 'tetra-doctor'
$dataDir = Join-Path $ProgramDataRoot 'tetra-doctor'

try {
    if (-not (Test-Path -LiteralPath $source -PathType Leaf)) { throw "$source is missing" }
    $null = New-Item -ItemType Directory -Force -Path $installDir
    # Copied under a temporary name, then moved over the old one: a run that starts meanwhile finds a whole exe.
    $partial = Join-Path $installDir 'tetra-doctor.exe.partial'
    Copy-Item -LiteralPath $source -Destination $partial -Force
    Move-Item -LiteralPath $partial -Destination (Join-Path $installDir 'tetra-doctor.exe') -Force
} catch {
    Stop-Install "copying tetra-doctor.exe to $installDir" $_.Exception.Message
}

try {
    $null = New-Item -ItemType Directory -Force -Path $dataDir
} catch {
    Stop-Install "creating $dataDir" $_.Exception.Message
}

# Before any settings (which may hold a proxy password) are copied in: the folder is closed first.
$aclArguments = @($dataDir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '/q')
try {
    & $Icacls @aclArguments | Out-Null
    $code = $LASTEXITCODE
} catch {
    Stop-Install "setting the rights on $dataDir" $_.Exception.Message
}
if ($code -ne 0) { Stop-Install "setting the rights on $dataDir" "icacls exited $code" }

$settings = Join-Path $here 'settings.json'
if (Test-Path -LiteralPath $settings -PathType Leaf) {
    try {
        Copy-Item -LiteralPath $settings -Destination (Join-Path $dataDir 'settings.json') -Force
    } catch {
        Stop-Install "copying settings.json to $dataDir" $_.Exception.Message
    }
}

Write-Output "tetra-doctor installed: $installDir\tetra-doctor.exe; settings and state: $dataDir"
exit 0
