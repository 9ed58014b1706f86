<#
.SYNOPSIS
    Removes tetra-doctor from this endpoint: the executable's folder under Program Files, and (with
    -RemoveData) its settings and state folder under ProgramData.

.DESCRIPTION
    Removes "$env:ProgramW6432\tetra-doctor". The folder "$env:ProgramData\tetra-doctor" (settings.json, policy
    XML, history) is kept unless -RemoveData is given, so that a reinstall keeps the fleet's settings; Intune's
    uninstall command passes -RemoveData to leave nothing behind. Nothing to remove is success. Exit 0 on success;
    exit 1 with one line on stderr naming what could not be removed (for example an exe that is still running).
    Intune's Win32 app uninstall command: powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\uninstall.ps1 -RemoveData

.PARAMETER ProgramFilesRoot
    The 64-bit Program Files folder. Default: $env:ProgramW6432 ($env:ProgramFiles when that is empty).

.PARAMETER ProgramDataRoot
    The ProgramData folder. Default: $env:ProgramData.

.PARAMETER RemoveData
    Also remove the settings and state folder.

.NOTES
    FileName:    uninstall.ps1
    Release:     tetra-doctor 0.1.0
    Requires:    Windows PowerShell 5.1 or PowerShell 7, run elevated (Intune and RMMs run it as SYSTEM)
#>
param(
    [string]$ProgramFilesRoot = '',
    [string]$ProgramDataRoot = '',
    [switch]$RemoveData
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

function Remove-Folder([string]$Folder) {
    if (-not (Test-Path -LiteralPath $Folder)) { return }
    try {
        Remove-Item -LiteralPath $Folder -Recurse -Force
    } catch {
        [Console]::Error.WriteLine("tetra-doctor uninstall: removing $Folder failed: $($_.Exception.Message)")
        exit 1
    }
}

$ProgramFilesRoot = Get-Default $ProgramFilesRoot @($env:ProgramW6432, $env:ProgramFiles)
$ProgramDataRoot = Get-Default $ProgramDataRoot @($env:ProgramData)
if ([string]::IsNullOrEmpty($ProgramFilesRoot)) {
    [Console]::Error.WriteLine('tetra-doctor uninstall: finding Program Files failed: ProgramW6432 and ProgramFiles are empty')
    exit 1
}

Remove-Folder (Join-Path $ProgramFilesRoot 'tetra-doctor')
if ($RemoveData) {
    if ([string]::IsNullOrEmpty($ProgramDataRoot)) {
        [Console]::Error.WriteLine('tetra-doctor uninstall: finding ProgramData failed: ProgramData is empty')
        exit 1
    }
    Remove-Folder (Join-Path $ProgramDataRoot 'tetra-doctor')
}
Write-Output 'tetra-doctor removed'
exit 0
