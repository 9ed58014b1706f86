<#
.SYNOPSIS
    Datto RMM monitor component: reads what the job component (DattoRMM-TetraDoctor.ps1) left in the UDF and
    answers in about a second, without running tetra-doctor.

.DESCRIPTION
    Datto RMM expects a monitor to finish within seconds, while a full tetra-doctor detect probes the network
    and can take a minute. So the work is split the way Datto runs it:
      - the JOB component (DattoRMM-TetraDoctor.ps1, scheduled every 4-8 hours) runs the full detect and writes
        a short status into the user-defined field Custom<N> (registry value "Custom<N>" under
        HKLM\SOFTWARE\CentraStage);
      - this MONITOR component only reads that value and prints Datto's markers:
        <-Start Diagnostic->
        the UDF value it read, and how old the job's result is
        <-End Diagnostic->
        <-Start Result->
        Status=<one-line verdict>
        <-End Result->
    It exits 0 when nothing needs attention (healthy, not applicable, busy) and 1 otherwise: unhealthy,
    undetermined, a usage or script error reported by the job, no value from the job at all, or a value older
    than -MaxAgeHours (the job stopped running). Nothing is written to stderr, nothing is run, nothing is written.

    Datto RMM passes component variables as environment variables: TetraUdf and TetraMaxAgeHours are used
    when the parameters are not given.

.PARAMETER UdfNumber
    1-30: the UDF the job writes (the job's TetraUdf). Component variable: TetraUdf. Required.

.PARAMETER MaxAgeHours
    The job's result is stale after this many hours (default 26: a job scheduled daily, with slack).
    Component variable: TetraMaxAgeHours.

.PARAMETER UdfRegistryPath
    Registry key holding the UDF values. Default HKLM:\SOFTWARE\CentraStage.

.PARAMETER ResultName
    Name before "=" in the result block. Default Status.

.PARAMETER Now
    The current time as ISO 8601 (tests only). Default: the clock.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\DattoRMM-TetraDoctor-Monitor.ps1 -UdfNumber 12

.NOTES
    FileName:    DattoRMM-TetraDoctor-Monitor.ps1
    Release:     tetra-doctor 0.1.0
    Requires:    Windows PowerShell 5.1 or PowerShell 7; the job component writing the same UDF (see docs/rmm.md)

    Version history:
    1.0.0 - Script created: reads the job's UDF, alerts on status and on a stale or missing result.
#>
param(
    [string]$UdfNumber = '',
    [string]$MaxAgeHours = '',
    [string]$UdfRegistryPath = '',
    [string]$ResultName = '',
    [string]$Now = ''
)

#region Settings
# Used when neither the parameter nor the component variable is given.
$SettingUdfNumber = 0                               # must be set: the UDF the job component writes
$SettingMaxAgeHours = 26
$SettingUdfRegistryPath = 'HKLM:\SOFTWARE\CentraStage'
$SettingResultName = 'Status'
#endregion Settings

#region tetra-doctor exit codes (generated from src/contract/exitCodes.ts by npm run scripts:sync; do not edit)
# tetra-doctor's exit codes. Name is what the scripts report; Attention is whether a platform that can only say
# yes or no (Intune detection, an RMM monitor) reports the code as an issue; Meaning is README.md's.
$TetraDoctorExitCodes = @(
    @{ Code = 0; Name = 'healthy'; Attention = $false; Meaning = 'definitions current; warnings possible' },
    @{ Code = 1; Name = 'unhealthy'; Attention = $true; Meaning = 'definitions stale or behind, or connector not running (for probe: a check failed)' },
    @{ Code = 2; Name = 'usage'; Attention = $true; Meaning = 'usage error: one line on stderr' },
    @{ Code = 3; Name = 'not_applicable'; Attention = $false; Meaning = 'no connector, or TETRA disabled by policy' },
    @{ Code = 4; Name = 'undetermined'; Attention = $true; Meaning = 'the state could not be read (never reported as healthy)' },
    @{ Code = 5; Name = 'busy'; Attention = $false; Meaning = 'busy: another remediation holds the lock' }
)
#endregion tetra-doctor exit codes

#region tetra-doctor text (generated from scripts-shared/text.ps1 by npm run scripts:sync; edit it there)
# What every script writes goes out as one line of printable ASCII: portals show it in the OEM code page.

function ConvertTo-AsciiText {
    param([string]$Text)
    # Portals show output in the OEM code page and mangle anything else: printable ASCII only, one line.
    if ($null -eq $Text) { return '' }
    $oneLine = $Text -replace '\s*[\r\n]+\s*', ' ' -replace '\t', ' '
    return ($oneLine -replace '[^\x20-\x7E]', '?').Trim()
}

function Limit-Text {
    param([string]$Text, [int]$MaxLength)
    if ($null -eq $Text) { return '' }
    if ($Text.Length -le $MaxLength) { return $Text }
    return ($Text.Substring(0, $MaxLength - 3) + '...')
}

function Write-OutputLine {
    param([string]$Text)
    # Straight to stdout: no formatting, no wrapping at the console width, nothing on other streams.
    try { [Console]::Out.WriteLine((ConvertTo-AsciiText -Text $Text)); [Console]::Out.Flush() } catch { }
}

function Assert-NoUnknownArguments {
    param([object[]]$Unbound)
    # A parameter this script does not have (a typo such as -Comand) lands in $args: it must never become a run of
    # something else, so it is this script's usage error, with its ERROR line.
    if ($null -eq $Unbound -or $Unbound.Count -eq 0) { return }
    $first = ConvertTo-AsciiText -Text ([string]$Unbound[0])
    if ($first.StartsWith('-')) { throw ('unknown parameter ' + $first) }
    throw ('unexpected argument "' + $first + '"')
}
#endregion tetra-doctor text

#region Datto RMM monitor
function Get-FirstValue {
    param([string[]]$Candidates)
    foreach ($candidate in $Candidates) {
        if (-not [string]::IsNullOrEmpty($candidate)) { return $candidate }
    }
    return ''
}

function Read-DattoUdf {
    param([string]$RegistryPath, [int]$Number)
    # Returns @{ Found; Value; Note }. Reading never fails the monitor by itself; a missing value is an alert.
    $name = 'Custom' + $Number
    try {
        $item = Get-ItemProperty -LiteralPath $RegistryPath -Name $name -ErrorAction Stop
        $value = [string]$item.$name
        if ([string]::IsNullOrEmpty($value)) { return @{ Found = $false; Value = ''; Note = ('UDF ' + $name + ' is empty') } }
        return @{ Found = $true; Value = (ConvertTo-AsciiText -Text $value); Note = ('UDF ' + $name + ': ' + (ConvertTo-AsciiText -Text $value)) }
    } catch {
        return @{ Found = $false; Value = ''; Note = ('UDF ' + $name + ' not readable under ' + $RegistryPath + ': ' + (ConvertTo-AsciiText -Text $_.Exception.Message)) }
    }
}

function Get-UdfVerdict {
    param([string]$Value, [datetime]$NowUtc, [double]$MaxAge)
    # The job writes "<status> version=... behind=... age_h=... codes=... at=<ISO>", or "ERROR: ..." when it could
    # not get an answer. Only the leading word and the job's own at= token are read: never text further on.
    $verdict = @{ ExitCode = 1; Result = ''; Age = '' }
    if ($Value.StartsWith('ERROR')) {
        $verdict.Result = 'ERROR from the job component: ' + $Value
        return $verdict
    }
    $words = $Value -split ' '
    $status = $words[0]
    $at = ''
    foreach ($word in $words) {
        if ($word.StartsWith('at=')) { $at = $word.Substring(3); break }
    }
    # The job writes the exit code's Name from the shared table; Attention decides the alert.
    $entry = $null
    foreach ($candidate in $TetraDoctorExitCodes) { if ($candidate.Name -eq $status) { $entry = $candidate } }
    if ($null -eq $entry) {
        $verdict.Result = 'ERROR: the UDF does not hold a tetra-doctor job result: ' + $Value
        return $verdict
    }
    $parsed = [datetime]::MinValue
    $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
    if ($at -eq '' -or -not [datetime]::TryParse($at, [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) {
        $verdict.Result = 'STALE: the job result carries no time (at=), so its age is unknown: ' + $Value
        return $verdict
    }
    $hours = ($NowUtc - $parsed).TotalHours
    $verdict.Age = ('job result from ' + $at + ', ' + [math]::Round($hours, 1) + ' h ago (limit ' + $MaxAge + ' h)')
    if ($hours -gt $MaxAge) {
        $verdict.Result = 'STALE: the job component has not reported for ' + [math]::Round($hours, 1) + ' h (limit ' + $MaxAge + ' h); last: ' + $Value
        return $verdict
    }
    $labels = @{ healthy = 'HEALTHY'; unhealthy = 'UNHEALTHY'; not_applicable = 'NOT APPLICABLE'; undetermined = 'UNDETERMINED'; busy = 'BUSY' }
    $label = $labels[$status]
    if ($null -eq $label) { $label = 'ERROR: tetra-doctor rejected the job''s command line' }
    $verdict.Result = $label + ': ' + $Value
    if ($entry.Attention) { $verdict.ExitCode = 1 } else { $verdict.ExitCode = 0 }
    return $verdict
}
#endregion Datto RMM monitor

#region Main
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 1
$result = 'ERROR: the script ended before it reached a verdict'
$diagnostics = @()
$resultLabel = 'Status'
try {
    Assert-NoUnknownArguments -Unbound $args
    $resultLabel = Get-FirstValue -Candidates @($ResultName, $SettingResultName)
    if ($resultLabel -notmatch '^[A-Za-z][A-Za-z0-9_]*$') {
        $badLabel = $resultLabel
        $resultLabel = 'Status'
        throw ('-ResultName must be a plain name such as Status, not "' + $badLabel + '"')
    }
    $udfText = Get-FirstValue -Candidates @($UdfNumber, $env:TetraUdf, [string]$SettingUdfNumber)
    $udf = 0
    if (-not [int]::TryParse($udfText, [ref]$udf) -or $udf -lt 1 -or $udf -gt 30) {
        throw ('-UdfNumber must be 1-30 (the UDF the job component writes), not "' + $udfText + '"')
    }
    $maxAgeText = Get-FirstValue -Candidates @($MaxAgeHours, $env:TetraMaxAgeHours, [string]$SettingMaxAgeHours)
    $maxAge = 0.0
    if (-not [double]::TryParse($maxAgeText, [System.Globalization.NumberStyles]::Float, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$maxAge) -or $maxAge -le 0 -or $maxAge -gt 8760) {
        throw ('-MaxAgeHours must be a number of hours above 0 and at most 8760, not "' + $maxAgeText + '"')
    }
    $nowUtc = [datetime]::UtcNow
    if (-not [string]::IsNullOrEmpty($Now)) {
        $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
        $nowUtc = [datetime]::Parse($Now, [System.Globalization.CultureInfo]::InvariantCulture, $styles)
    }
    $udfPath = Get-FirstValue -Candidates @($UdfRegistryPath, $SettingUdfRegistryPath)
    $read = Read-DattoUdf -RegistryPath $udfPath -Number $udf
    $diagnostics += $read.Note
    if (-not $read.Found) {
        $result = 'NO RESULT: the job component has not written UDF Custom' + $udf + ' (is it scheduled, with TetraUdf=' + $udf + '?)'
        $exitCode = 1
    } else {
        $verdict = Get-UdfVerdict -Value $read.Value -NowUtc $nowUtc -MaxAge $maxAge
        if ($verdict.Age -ne '') { $diagnostics += $verdict.Age }
        $result = $verdict.Result
        $exitCode = $verdict.ExitCode
    }
} catch {
    $result = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' usage: ' + $_.Exception.Message
    $diagnostics += $result
    $exitCode = 1
}
Write-OutputLine -Text '<-Start Diagnostic->'
foreach ($line in $diagnostics) { Write-OutputLine -Text (Limit-Text -Text $line -MaxLength 2048) }
Write-OutputLine -Text '<-End Diagnostic->'
Write-OutputLine -Text '<-Start Result->'
Write-OutputLine -Text (Limit-Text -Text ($resultLabel + '=' + (ConvertTo-AsciiText -Text $result)) -MaxLength 2048)
Write-OutputLine -Text '<-End Result->'
exit $exitCode
#endregion Main
