<#
.SYNOPSIS
    Azure Automation runbook: the daily tetra-doctor fleet run that ships the fleet's results to Azure Monitor Logs.

.DESCRIPTION
    Runs on a Windows Hybrid Runbook Worker with tetra-doctor.exe installed (a persistent disk keeps the state
    folder of sent results between jobs; a cloud sandbox would forget it). Reads the Intune remediation results from
    Microsoft Graph and the Secure Endpoint console's computers, and ships one row per result to the data collection
    rule; fails the job when fleet exits non-zero (4: nothing read, 5: rows not shipped). See docs/history.md.

    Automation variables (encrypted where marked):
      TetraGraphTenantId, TetraGraphClientId, TetraGraphClientSecret (encrypted)  Graph app, DeviceManagementConfiguration.Read.All
      TetraSeClientId, TetraSeApiKey (encrypted)                                 Secure Endpoint read-only API key
      TetraAzureClientSecret (encrypted, optional)                               else the worker's managed identity signs in
      TetraDce, TetraDcrId                                                       the template's outputs

.NOTES
    Version history:
    1.0  first version: daily fleet --graph --secure-endpoint --to-log-analytics
#>
param(
    [string]$RemediationName = 'TETRA doctor',
    [string]$Region = 'na',
    [string]$TetraDoctor = 'C:\Program Files\tetra-doctor\tetra-doctor.exe',
    [string]$StateDir = 'C:\ProgramData\tetra-doctor\sent'
)

#region Settings
$ErrorActionPreference = 'Stop'
$env:TETRA_GRAPH_TENANT_ID = Get-AutomationVariable -Name 'TetraGraphTenantId'
$env:TETRA_GRAPH_CLIENT_ID = Get-AutomationVariable -Name 'TetraGraphClientId'
$env:TETRA_GRAPH_CLIENT_SECRET = Get-AutomationVariable -Name 'TetraGraphClientSecret'
$env:TETRA_SE_CLIENT_ID = Get-AutomationVariable -Name 'TetraSeClientId'
$env:TETRA_SE_API_KEY = Get-AutomationVariable -Name 'TetraSeApiKey'
$dce = Get-AutomationVariable -Name 'TetraDce'
$dcrId = Get-AutomationVariable -Name 'TetraDcrId'
# Azure Monitor: the same app with its secret when one is set, else the worker's managed identity.
$azureSecret = $null
try { $azureSecret = Get-AutomationVariable -Name 'TetraAzureClientSecret' } catch { $azureSecret = $null }
if ($azureSecret) {
    $env:TETRA_AZURE_TENANT_ID = $env:TETRA_GRAPH_TENANT_ID
    $env:TETRA_AZURE_CLIENT_ID = $env:TETRA_GRAPH_CLIENT_ID
    $env:TETRA_AZURE_CLIENT_SECRET = $azureSecret
} else {
    $env:TETRA_AZURE_MANAGED_IDENTITY = 'system'
}
#endregion Settings

#region Main
if (-not (Test-Path -LiteralPath $StateDir)) { New-Item -ItemType Directory -Path $StateDir | Out-Null }
$arguments = @(
    'fleet', '--graph', '--remediation-name', $RemediationName,
    '--secure-endpoint', '--region', $Region,
    '--to-log-analytics', '--dce', $dce, '--dcr-id', $dcrId,
    '--sent-state-dir', $StateDir
)
# The report goes to the job's output; the counts lines (stderr) too. Neither holds a secret.
$output = & $TetraDoctor @arguments 2>&1
$exitCode = $LASTEXITCODE
$output | ForEach-Object { Write-Output ([string]$_) }
if ($exitCode -ne 0) { throw "tetra-doctor fleet exited $exitCode (4: nothing read, 5: rows not shipped)" }
#endregion Main
