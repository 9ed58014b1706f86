<#
.SYNOPSIS
    Datto RMM job component: runs tetra-doctor detect or remediate, prints Datto's markers and writes a
    user-defined field that the monitor component (DattoRMM-TetraDoctor-Monitor.ps1) reads in a second.

.DESCRIPTION
    Runs "tetra-doctor.exe <command> --format line" with a timeout and prints:
        <-Start Diagnostic->
        what ran, tetra-doctor's line, what happened to the UDF
        <-End Diagnostic->
        <-Start Result->
        Status=<one-line verdict>
        <-End Result->
    and exits 0 when nothing needs attention (healthy, not applicable, busy) and 1 otherwise (unhealthy,
    usage error, undetermined, or the script could not get an answer), so a monitor component alerts on
    exactly the endpoints that need work. Nothing is written to stderr.

    When -UdfNumber is 1-30 it writes a short status (at most 255 characters) into the user-defined field
    CustomN, the registry value "Custom<N>" under HKLM\SOFTWARE\CentraStage, which the agent uploads.
    The key is never created: without a Datto RMM agent (or without a registry) the diagnostic says so and
    the run goes on.

    Datto RMM passes component variables as environment variables, not parameters: when a parameter is not
    given, the variables TetraCommand, TetraUdf and TetraExtraArguments are used if they are set.

.PARAMETER ExePath
    Full path of tetra-doctor.exe. Default: "$env:ProgramW6432\tetra-doctor\tetra-doctor.exe".

.PARAMETER Command
    detect (default) or remediate. Component variable: TetraCommand.

.PARAMETER TimeoutSeconds
    Seconds before tetra-doctor (its whole process tree) is stopped. Default 120 for detect, 600 for remediate.

.PARAMETER ExtraArguments
    Command-line text appended as is. Component variable: TetraExtraArguments.

.PARAMETER UdfNumber
    1-30: write the status into UDF Custom<N>. 0 or empty (default): write no UDF. Component variable: TetraUdf.

.PARAMETER UdfRegistryPath
    Registry key holding the UDF values. Default HKLM:\SOFTWARE\CentraStage. Tests point it elsewhere
    (for example HKCU:\Software\TetraDoctorTest).

.PARAMETER ResultName
    Name before "=" in the result block. Default Status.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\DattoRMM-TetraDoctor.ps1 -Command detect -UdfNumber 12

.NOTES
    FileName:    DattoRMM-TetraDoctor.ps1
    Release:     tetra-doctor 0.1.0
    Requires:    Windows PowerShell 5.1 or PowerShell 7; tetra-doctor.exe installed (see docs/rmm.md)

    Version history:
    1.0.0 - Script created: monitor markers, alert through the exit code, UDF CustomN, component variables,
            nothing on stderr.
    1.1.0 - The job of a job + monitor pair: at= is kept in the UDF even when the value is cut to 255.
#>
param(
    [string]$ExePath = '',
    [string]$Command = '',
    [string]$TimeoutSeconds = '',
    [string]$ExtraArguments = '',
    [string]$UdfNumber = '',
    [string]$UdfRegistryPath = '',
    [string]$ResultName = ''
)

#region Settings
# Used when neither the parameter nor the component variable is given.
$SettingCommand = 'detect'                          # detect | remediate
$SettingDetectTimeoutSeconds = 120
$SettingRemediateTimeoutSeconds = 600
$SettingExtraArguments = ''
$SettingUdfNumber = 0                               # 0: no UDF; 1-30: Custom1-Custom30
$SettingUdfRegistryPath = 'HKLM:\SOFTWARE\CentraStage'
$SettingResultName = 'Status'
$SettingUdfMaxLength = 255                          # Datto RMM keeps at most 255 characters per UDF
$SettingRegion = ''                   # na | eu | apjc: the cloud region, probed when the connector's policy cannot be read
$SettingPolicyFile = ''               # a policy XML exported from the console, e.g. 'C:\ProgramData\tetra-doctor\policy.xml'
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
#region tetra-doctor runner (generated from scripts-shared/runner.ps1 by npm run scripts:sync; edit it there)
# Each script ships alone (Intune and RMMs upload one file), so the runner is repeated in every script.
# test/scripts/ps-syntax.test.ts fails when the copies drift apart.

function Get-TetraDoctorDefaultPath {
    # Intune may start the 32-bit host, where ProgramFiles is "Program Files (x86)"; ProgramW6432 always
    # names the 64-bit folder. ProgramFiles is only a fallback for hosts that do not set ProgramW6432.
    $base = $env:ProgramW6432
    if ([string]::IsNullOrEmpty($base)) { $base = $env:ProgramFiles }
    if ([string]::IsNullOrEmpty($base)) { return 'tetra-doctor\tetra-doctor.exe' }
    return ($base.TrimEnd('\') + '\tetra-doctor\tetra-doctor.exe')
}

function ConvertTo-CommandLineArgument {
    param([string]$Argument)
    # Quoting rules of CommandLineToArgvW, which .NET also applies when it splits Arguments on other systems.
    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') { return $Argument }
    $builder = [System.Text.StringBuilder]::new()
    [void]$builder.Append('"')
    $backslashes = 0
    foreach ($ch in $Argument.ToCharArray()) {
        if ($ch -eq [char]'\') { $backslashes++; continue }
        if ($ch -eq [char]'"') {
            [void]$builder.Append([char]'\', (2 * $backslashes) + 1)
        } elseif ($backslashes -gt 0) {
            [void]$builder.Append([char]'\', $backslashes)
        }
        [void]$builder.Append($ch)
        $backslashes = 0
    }
    if ($backslashes -gt 0) { [void]$builder.Append([char]'\', 2 * $backslashes) }
    [void]$builder.Append('"')
    return $builder.ToString()
}

function Stop-ProcessTree {
    param([System.Diagnostics.Process]$Process)
    # PowerShell 7 (.NET Core 3+) can kill the whole tree itself.
    $killTree = $Process.GetType().GetMethod('Kill', [Type[]]@([bool]))
    if ($null -ne $killTree) {
        try { [void]$killTree.Invoke($Process, @($true)); return 'process tree killed' } catch { }
    }
    # Windows PowerShell 5.1 runs on .NET Framework, which has no Kill(entireProcessTree): taskkill /T walks it.
    if (-not [string]::IsNullOrEmpty($env:SystemRoot)) {
        $taskkill = $env:SystemRoot.TrimEnd('\') + '\System32\taskkill.exe'
        if ([System.IO.File]::Exists($taskkill)) {
            try {
                $killInfo = [System.Diagnostics.ProcessStartInfo]::new()
                $killInfo.FileName = $taskkill
                $killInfo.Arguments = '/PID ' + $Process.Id + ' /T /F'
                $killInfo.UseShellExecute = $false
                $killInfo.CreateNoWindow = $true
                $killInfo.RedirectStandardOutput = $true
                $killInfo.RedirectStandardError = $true
                $killer = [System.Diagnostics.Process]::Start($killInfo)
                $killOut = $killer.StandardOutput.ReadToEndAsync()
                $killErr = $killer.StandardError.ReadToEndAsync()
                if ($killer.WaitForExit(15000) -and $killer.ExitCode -eq 0) { return 'process tree killed (taskkill)' }
            } catch { }
        }
    }
    try { $Process.Kill(); return 'process killed' } catch { return ('could not kill process: ' + $_.Exception.Message) }
}

function Invoke-BoundedProcess {
    param([string]$FilePath, [string]$ArgumentLine, [int]$TimeoutSeconds)
    $result = @{ Started = $false; TimedOut = $false; ExitCode = $null; StdOut = ''; StdErr = ''; StartError = ''; KillNote = '' }
    $info = [System.Diagnostics.ProcessStartInfo]::new()
    $info.FileName = $FilePath
    $info.Arguments = $ArgumentLine
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.StandardOutputEncoding = [System.Text.UTF8Encoding]::new($false)
    $info.StandardErrorEncoding = [System.Text.UTF8Encoding]::new($false)
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $info
    try {
        [void]$process.Start()
    } catch {
        $reason = $_.Exception
        while ($null -ne $reason.InnerException) { $reason = $reason.InnerException }
        $result.StartError = $reason.Message
        return $result
    }
    $result.Started = $true
    # Nothing is typed into the child: a closed stdin makes a prompt fail fast instead of hanging.
    try { $process.StandardInput.Close() } catch { }
    # Both pipes are drained at the same time: a child blocked writing to a full stderr pipe while we wait
    # on stdout (or the reverse) would never exit.
    $stdoutTask = $process.StandardOutput.ReadToEndAsync()
    $stderrTask = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $result.TimedOut = $true
        $result.KillNote = Stop-ProcessTree -Process $process
        try { [void]$process.WaitForExit(5000) } catch { }
    }
    # A grandchild that inherited the pipes can hold them open after the child exited: wait a bounded time.
    try { if ($stdoutTask.Wait(5000)) { $result.StdOut = $stdoutTask.Result } } catch { }
    try { if ($stderrTask.Wait(2000)) { $result.StdErr = $stderrTask.Result } } catch { }
    if (-not $result.TimedOut) { $result.ExitCode = $process.ExitCode }
    return $result
}

function ConvertFrom-TetraDoctorLine {
    param([string]$Line)
    # "TETRA-DOCTOR key=value ... | summary"; "-" means unknown and becomes an empty string.
    $fields = @{}
    $summary = ''
    $head = $Line
    $bar = $Line.IndexOf(' | ')
    if ($bar -ge 0) {
        $head = $Line.Substring(0, $bar)
        $summary = $Line.Substring($bar + 3)
    }
    foreach ($token in ($head -split ' ')) {
        $eq = $token.IndexOf('=')
        if ($eq -gt 0) {
            $value = $token.Substring($eq + 1)
            if ($value -eq '-') { $value = '' }
            $fields[$token.Substring(0, $eq)] = $value
        }
    }
    return @{ Fields = $fields; Summary = $summary }
}

function ConvertTo-AsciiJson {
    param([string]$Json)
    # JSON escapes keep non-ASCII text intact while the bytes stay ASCII.
    $evaluator = [System.Text.RegularExpressions.MatchEvaluator]{ param($match) '\u{0:x4}' -f [int][char]$match.Value }
    return [regex]::Replace($Json, '[^\x00-\x7F]', $evaluator)
}

function Invoke-TetraDoctor {
    param([string]$ExePath, [string]$Command, [string]$Format, [int]$TimeoutSeconds, [string]$ExtraArguments)
    # Ok: tetra-doctor ran and answered with one of its exit codes (0-5) and, except for a usage error,
    # the output asked for. Otherwise Error says why the script could not get an answer.
    $run = @{ Ok = $false; Error = ''; ExitCode = $null; Line = ''; Json = ''; Fields = @{}; Summary = ''; StdErr = ''; Elapsed = 0 }
    # Plain .NET calls instead of Test-Path/New-Object: no module to load, which keeps start-up short.
    $fullPath = ''
    if (-not [string]::IsNullOrEmpty($ExePath)) {
        # A path on a drive that does not exist throws here; that is "not found" too.
        try { $fullPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ExePath) } catch { $fullPath = '' }
    }
    if ($fullPath -eq '' -or -not [System.IO.File]::Exists($fullPath)) {
        $run.Error = 'tetra-doctor executable not found: ' + $ExePath
        return $run
    }
    $argumentLine = $Command + ' --format ' + $Format
    if (-not [string]::IsNullOrEmpty($ExtraArguments)) { $argumentLine = $argumentLine + ' ' + $ExtraArguments.Trim() }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $process = Invoke-BoundedProcess -FilePath $fullPath -ArgumentLine $argumentLine -TimeoutSeconds $TimeoutSeconds
    $run.Elapsed = [int]$clock.Elapsed.TotalSeconds
    $run.StdErr = Limit-Text -Text (ConvertTo-AsciiText -Text $process.StdErr) -MaxLength 400
    $stderrNote = ''
    if ($run.StdErr -ne '') { $stderrNote = '; stderr: ' + $run.StdErr }
    if (-not $process.Started) {
        $run.Error = 'tetra-doctor could not be started (' + (ConvertTo-AsciiText -Text $process.StartError) + '): ' + $ExePath
        return $run
    }
    if ($process.TimedOut) {
        $run.Error = 'tetra-doctor did not finish within ' + $TimeoutSeconds + ' s and was stopped (' + $process.KillNote + ')'
        return $run
    }
    $run.ExitCode = $process.ExitCode
    if ($null -eq (Get-ExitCodeEntry -Code $process.ExitCode)) {
        $run.Error = 'tetra-doctor ended with unexpected exit code ' + $process.ExitCode + ' (crashed?)' + $stderrNote
        return $run
    }
    # Only the last meaningful line matters; scan from the end instead of piping every line (output can be large).
    $lines = [regex]::Split([string]$process.StdOut, '\r?\n')
    for ($i = $lines.Length - 1; $i -ge 0; $i--) {
        $candidate = $lines[$i].Trim()
        if ($candidate -eq '') { continue }
        if ($Format -eq 'json') {
            if ($candidate.StartsWith('{')) {
                try {
                    $parsed = ConvertFrom-Json -InputObject $candidate
                    if ($null -ne $parsed) {
                        $run.Json = ConvertTo-AsciiJson -Json $candidate
                        $run.Summary = ConvertTo-AsciiText -Text ([string]$parsed.summary)
                    }
                } catch { }
            }
            break
        }
        if ($candidate.StartsWith('TETRA-DOCTOR ')) {
            $run.Line = Limit-Text -Text (ConvertTo-AsciiText -Text $candidate) -MaxLength 2048
            $parsedLine = ConvertFrom-TetraDoctorLine -Line $run.Line
            $run.Fields = $parsedLine.Fields
            $run.Summary = $parsedLine.Summary
            break
        }
    }
    if ($run.ExitCode -ne 2 -and $run.Line -eq '' -and $run.Json -eq '') {
        $stdoutNote = Limit-Text -Text (ConvertTo-AsciiText -Text $process.StdOut) -MaxLength 200
        if ($stdoutNote -eq '') { $stdoutNote = '(empty)' }
        $run.Error = 'tetra-doctor exited with code ' + $run.ExitCode + ' but its output is not tetra-doctor ' + $Format + ' output: ' + $stdoutNote + $stderrNote
        return $run
    }
    $run.Ok = $true
    return $run
}

function Get-ExitCodeEntry {
    param([long]$Code)
    # $TetraDoctorExitCodes is the generated "tetra-doctor exit codes" region of this script.
    foreach ($entry in $TetraDoctorExitCodes) {
        if ($entry.Code -eq $Code) { return $entry }
    }
    return $null
}

function Get-ExitCodeName {
    param([long]$Code)
    $entry = Get-ExitCodeEntry -Code $Code
    if ($null -eq $entry) { return 'unknown' }
    return $entry.Name
}

function Get-BinaryExitCode {
    param([long]$ToolExitCode)
    # Yes or no for Intune and RMM monitors: 1 for the codes that need attention and for any unknown code.
    $entry = Get-ExitCodeEntry -Code $ToolExitCode
    if ($null -ne $entry -and -not $entry.Attention) { return 0 }
    return 1
}

function Join-PathSettings {
    param([string]$ExtraArguments, [string]$Region, [string]$PolicyFile)
    # The settings $SettingRegion and $SettingPolicyFile, set once for a whole fleet: they tell tetra-doctor the
    # path the connector uses when its policy.xml cannot be read (connector 8.1.3 and later). See README.md.
    $parts = @()
    if (-not [string]::IsNullOrEmpty($Region)) { $parts += ('--region ' + $Region.Trim()) }
    # A Windows path cannot hold a double quote; one here would only break the quoting.
    if (-not [string]::IsNullOrEmpty($PolicyFile)) { $parts += ('--policy-file "' + $PolicyFile.Trim().Replace('"', '') + '"') }
    if (-not [string]::IsNullOrEmpty($ExtraArguments)) { $parts += $ExtraArguments.Trim() }
    return ($parts -join ' ')
}

function Format-RunSummary {
    param($Run)
    # One line for a portal: a verdict a person can scan first, then tetra-doctor's own line for `fleet`.
    if (-not $Run.Ok) { return ('ERROR: ' + $Run.Error) }
    $tail = $Run.Line
    if ($tail -eq '') { $tail = $Run.Summary }
    switch ($Run.ExitCode) {
        0 { $head = 'HEALTHY:' }
        1 { $head = 'UNHEALTHY:' }
        2 {
            $head = 'ERROR: tetra-doctor rejected its command line (exit 2)'
            if ($Run.StdErr -ne '') { $head = $head + ': ' + $Run.StdErr }
        }
        3 { $head = 'NOT APPLICABLE (exit 3, reported as compliant):' }
        4 { $head = 'UNDETERMINED (exit 4, reported as an issue):' }
        5 { $head = 'BUSY (exit 5, another remediation holds the lock; reported as compliant, checked again next run):' }
    }
    # The portal's column shows about the first 120 characters: the primary cause goes there, ahead of the tokens
    # (fleet reads the line from its TETRA-DOCTOR marker on, so whatever comes first is never read as a field).
    # Busy's head already says why.
    if ($Run.ExitCode -ne 5 -and $Run.Fields.ContainsKey('cause') -and -not [string]::IsNullOrEmpty($Run.Fields['cause'])) {
        $head = $head.TrimEnd(':') + ' (cause ' + $Run.Fields['cause'] + '):'
    }
    if ($tail -eq '') { return $head }
    return ($head + ' ' + $tail)
}

#endregion tetra-doctor runner
#region Options (generated from scripts-shared/rmm-options.ps1 by npm run scripts:sync; edit it there)
function Resolve-CommandName {
    param([string]$Value, [string]$Default)
    $name = $Value
    if ([string]::IsNullOrEmpty($name)) { $name = $Default }
    $name = $name.Trim().ToLowerInvariant()
    if ($name -ne 'detect' -and $name -ne 'remediate') { throw ('-Command must be detect or remediate, not "' + $Value + '"') }
    return $name
}

function Resolve-TimeoutSeconds {
    param([string]$Value, [int]$Default)
    if ([string]::IsNullOrEmpty($Value)) { return $Default }
    $parsed = 0
    if (-not [int]::TryParse($Value, [ref]$parsed) -or $parsed -lt 1) {
        throw ('-TimeoutSeconds must be a whole number of seconds above 0, not "' + $Value + '"')
    }
    return $parsed
}
#endregion Options

#region Datto RMM
function Get-FirstValue {
    param([string[]]$Candidates)
    foreach ($candidate in $Candidates) {
        if (-not [string]::IsNullOrEmpty($candidate)) { return $candidate }
    }
    return ''
}

function Format-UdfValue {
    param($Run, [int]$MaxLength)
    # Short enough for a UDF column: status, version, how far behind, finding codes, when.
    if (-not $Run.Ok) { return (Limit-Text -Text (ConvertTo-AsciiText -Text (Format-RunSummary -Run $Run)) -MaxLength $MaxLength) }
    $parts = @(Get-ExitCodeName -Code $Run.ExitCode)
    foreach ($key in @('version', 'behind', 'age_h', 'codes')) {
        if ($Run.Fields.ContainsKey($key) -and $Run.Fields[$key] -ne '') { $parts += ($key + '=' + $Run.Fields[$key]) }
    }
    # at= always survives the cut: the monitor component (DattoRMM-TetraDoctor-Monitor.ps1) tells a stale job by it.
    $tail = ''
    if ($Run.Fields.ContainsKey('at') -and $Run.Fields['at'] -ne '') { $tail = ' at=' + (ConvertTo-AsciiText -Text $Run.Fields['at']) }
    return ((Limit-Text -Text (ConvertTo-AsciiText -Text ($parts -join ' ')) -MaxLength ($MaxLength - $tail.Length)) + $tail)
}

function Set-DattoUdf {
    param([string]$RegistryPath, [int]$Number, [string]$Value)
    # Returns one diagnostic line; a UDF that cannot be written never fails the monitor.
    $name = 'Custom' + $Number
    $exists = $false
    try { $exists = Test-Path -LiteralPath $RegistryPath } catch { $exists = $false }
    if (-not $exists) {
        return ('UDF ' + $name + ' not written: ' + $RegistryPath + ' does not exist (no Datto RMM agent, or no registry on this system); value would be: ' + $Value)
    }
    try {
        Set-ItemProperty -LiteralPath $RegistryPath -Name $name -Value $Value
        return ('UDF ' + $name + ' written: ' + $Value)
    } catch {
        return ('UDF ' + $name + ' not written: ' + $_.Exception.Message)
    }
}
#endregion Datto RMM

#region Main
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 1
$result = 'ERROR: the script ended before it reached a verdict'
$diagnostics = @()
$resultLabel = 'Status'
$optionsOk = $false
try {
    Assert-NoUnknownArguments -Unbound $args
    $resultLabel = Get-FirstValue -Candidates @($ResultName, $SettingResultName)
    if ($resultLabel -notmatch '^[A-Za-z][A-Za-z0-9_]*$') {
        $badLabel = $resultLabel
        $resultLabel = 'Status'
        throw ('-ResultName must be a plain name such as Status, not "' + $badLabel + '"')
    }
    if ([string]::IsNullOrEmpty($ExePath)) { $ExePath = Get-TetraDoctorDefaultPath }
    $commandName = Resolve-CommandName -Value (Get-FirstValue -Candidates @($Command, $env:TetraCommand)) -Default $SettingCommand
    $defaultTimeout = $SettingDetectTimeoutSeconds
    if ($commandName -eq 'remediate') { $defaultTimeout = $SettingRemediateTimeoutSeconds }
    $timeout = Resolve-TimeoutSeconds -Value $TimeoutSeconds -Default $defaultTimeout
    $extra = Get-FirstValue -Candidates @($ExtraArguments, $env:TetraExtraArguments, $SettingExtraArguments)
    $udfText = Get-FirstValue -Candidates @($UdfNumber, $env:TetraUdf, [string]$SettingUdfNumber)
    $udf = 0
    if (-not [int]::TryParse($udfText, [ref]$udf) -or $udf -lt 0 -or $udf -gt 30) {
        throw ('-UdfNumber must be 0 (no UDF) or 1-30, not "' + $udfText + '"')
    }
    $udfPath = Get-FirstValue -Candidates @($UdfRegistryPath, $SettingUdfRegistryPath)
    $optionsOk = $true
} catch {
    $result = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' usage: ' + $_.Exception.Message
    $diagnostics += $result
    $exitCode = 1
}
if ($optionsOk) {
    try {
        $diagnostics += ('tetra-doctor ' + $commandName + ' (' + $ExePath + ', timeout ' + $timeout + ' s)')
        $extra = Join-PathSettings -ExtraArguments $extra -Region $SettingRegion -PolicyFile $SettingPolicyFile
        $run = Invoke-TetraDoctor -ExePath $ExePath -Command $commandName -Format 'line' -TimeoutSeconds $timeout -ExtraArguments $extra
        if ($run.Ok) {
            $diagnostics += ('exit code ' + $run.ExitCode + ' after ' + $run.Elapsed + ' s')
            if ($run.Line -ne '') { $diagnostics += $run.Line }
            if ($run.StdErr -ne '') { $diagnostics += ('stderr: ' + $run.StdErr) }
            $exitCode = Get-BinaryExitCode -ToolExitCode $run.ExitCode
        } else {
            $exitCode = 1
        }
        $result = Format-RunSummary -Run $run
        if (-not $run.Ok) { $diagnostics += $result }
        if ($udf -gt 0) {
            $diagnostics += (Set-DattoUdf -RegistryPath $udfPath -Number $udf -Value (Format-UdfValue -Run $run -MaxLength $SettingUdfMaxLength))
        }
    } catch {
        $result = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' failed: ' + $_.Exception.Message
        $diagnostics += $result
        $exitCode = 1
    }
}
Write-OutputLine -Text '<-Start Diagnostic->'
foreach ($line in $diagnostics) { Write-OutputLine -Text (Limit-Text -Text $line -MaxLength 2048) }
Write-OutputLine -Text '<-End Diagnostic->'
Write-OutputLine -Text '<-Start Result->'
Write-OutputLine -Text (Limit-Text -Text ($resultLabel + '=' + (ConvertTo-AsciiText -Text $result)) -MaxLength 2048)
Write-OutputLine -Text '<-End Result->'
exit $exitCode
#endregion Main
