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
