<#
.SYNOPSIS
    Runs tetra-doctor detect or remediate for any RMM: prints tetra-doctor's line or JSON and passes its exit
    code through.

.DESCRIPTION
    For RMMs without a dedicated script in this folder (ConnectWise Automate/ScreenConnect, N-able N-sight or
    N-central, Kaseya, Action1, a scheduled task). Runs "tetra-doctor.exe <command> --format <format>" with a
    timeout, through System.Diagnostics.Process with stdout and stderr captured, and prints one result:
      -Format line  one ASCII line: tetra-doctor's own line (starting with TETRA-DOCTOR), or a line starting
                    with ERROR when this script could not get an answer.
      -Format json  one JSON object on one line (non-ASCII escaped as \uXXXX). When the script could not get
                    an answer it prints {"status":"undetermined","exitCode":4,"error":"...","summary":"ERROR: ..."}.
    Nothing is written to stderr.

    Exit code: tetra-doctor's own (0 healthy, 1 unhealthy, 2 usage error, 3 not applicable, 4 undetermined,
    5 busy); 4 when this script could not get an answer (executable missing, hung, crashed, unreadable output).
    -MapToBinary turns these into 0 (nothing to do) / 1 (attention) as in docs/intune.md; -NsightExitCodes
    adds 1000 to a non-zero code, because N-able N-sight shows a script's output only for codes above 1000.

.PARAMETER ExePath
    Full path of tetra-doctor.exe. Default: "$env:ProgramW6432\tetra-doctor\tetra-doctor.exe"
    ($env:ProgramFiles only when ProgramW6432 is empty).

.PARAMETER Command
    detect (default) or remediate.

.PARAMETER Format
    line (default) or json.

.PARAMETER TimeoutSeconds
    Seconds before tetra-doctor (its whole process tree) is stopped. Default 120 for detect, 600 for remediate.

.PARAMETER ExtraArguments
    Command-line text appended as is, for example "--max-age-hours 48 --proxy http://proxy.example:8080".

.PARAMETER MapToBinary
    Exit 0 for healthy, not applicable and busy; 1 for everything else.

.PARAMETER NsightExitCodes
    Add 1000 to a non-zero exit code (applied after -MapToBinary), so N-able N-sight shows the output.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Invoke-TetraDoctor.ps1 -Command detect -Format json

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Invoke-TetraDoctor.ps1 -Command remediate -MapToBinary -NsightExitCodes

.NOTES
    FileName:    Invoke-TetraDoctor.ps1
    Release:     tetra-doctor 0.1.0
    Requires:    Windows PowerShell 5.1 or PowerShell 7; tetra-doctor.exe installed (see docs/rmm.md)

    Version history:
    1.0.0 - Script created: detect or remediate, line or JSON, exit codes passed through or mapped to 0/1,
            optional N-sight offset, nothing on stderr.
#>
param(
    [string]$ExePath = '',
    [string]$Command = '',
    [string]$Format = '',
    [string]$TimeoutSeconds = '',
    [string]$ExtraArguments = '',
    [switch]$MapToBinary,
    [switch]$NsightExitCodes
)

#region Settings
# Used when the matching parameter is not given. RMMs that cannot pass parameters: edit here.
$SettingCommand = 'detect'               # detect | remediate
$SettingFormat = 'line'                  # line | json
$SettingDetectTimeoutSeconds = 120
$SettingRemediateTimeoutSeconds = 600
$SettingExtraArguments = ''
$SettingMapToBinary = $false
$SettingNsightExitCodes = $false
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

#region Main
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 4
$output = 'ERROR: the script ended before it reached a verdict'
$outputFormat = 'line'
$optionsOk = $false
try {
    Assert-NoUnknownArguments -Unbound $args
    if (-not [string]::IsNullOrEmpty($Format)) { $outputFormat = $Format.Trim().ToLowerInvariant() } else { $outputFormat = $SettingFormat }
    if ($outputFormat -ne 'line' -and $outputFormat -ne 'json') {
        $badFormat = $outputFormat
        $outputFormat = 'line'
        throw ('-Format must be line or json, not "' + $badFormat + '"')
    }
    if ([string]::IsNullOrEmpty($ExePath)) { $ExePath = Get-TetraDoctorDefaultPath }
    $commandName = Resolve-CommandName -Value $Command -Default $SettingCommand
    $defaultTimeout = $SettingDetectTimeoutSeconds
    if ($commandName -eq 'remediate') { $defaultTimeout = $SettingRemediateTimeoutSeconds }
    $timeout = Resolve-TimeoutSeconds -Value $TimeoutSeconds -Default $defaultTimeout
    $extra = $SettingExtraArguments
    if (-not [string]::IsNullOrEmpty($ExtraArguments)) { $extra = $ExtraArguments }
    $optionsOk = $true
} catch {
    # A wrong parameter of this script is a usage error, like tetra-doctor's own exit 2.
    $output = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' usage: ' + $_.Exception.Message
    $exitCode = 2
}
if ($optionsOk) {
    try {
        $extra = Join-PathSettings -ExtraArguments $extra -Region $SettingRegion -PolicyFile $SettingPolicyFile
        $run = Invoke-TetraDoctor -ExePath $ExePath -Command $commandName -Format $outputFormat -TimeoutSeconds $timeout -ExtraArguments $extra
        if ($run.Ok) { $exitCode = $run.ExitCode } else { $exitCode = 4 }
        if ($outputFormat -eq 'json' -and $run.Json -ne '') {
            $output = $run.Json
        } elseif ($outputFormat -eq 'line' -and $run.Ok -and $run.ExitCode -ne 2) {
            $output = $run.Line
        } else {
            $output = Format-RunSummary -Run $run
        }
    } catch {
        $output = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' failed: ' + $_.Exception.Message
        $exitCode = 4
    }
}
try {
    if ($outputFormat -eq 'json' -and -not $output.StartsWith('{')) {
        $status = Get-ExitCodeName -Code $exitCode
        $errorObject = New-Object PSObject -Property @{ status = $status; exitCode = $exitCode; error = $output; summary = $output }
        $output = ConvertTo-AsciiJson -Json ($errorObject | Select-Object status, exitCode, error, summary | ConvertTo-Json -Compress)
    }
} catch {
    $output = '{"status":"undetermined","exitCode":4,"error":"could not render the error as JSON","summary":"ERROR"}'
    $exitCode = 4
}
if ($MapToBinary -or $SettingMapToBinary) { $exitCode = Get-BinaryExitCode -ToolExitCode $exitCode }
if (($NsightExitCodes -or $SettingNsightExitCodes) -and $exitCode -ne 0) { $exitCode = $exitCode + 1000 }
if ($outputFormat -eq 'json') {
    # JSON is already one ASCII line; ConvertTo-AsciiText would only turn its escapes' neighbours into '?'.
    try { [Console]::Out.WriteLine($output); [Console]::Out.Flush() } catch { }
} else {
    Write-OutputLine -Text (Limit-Text -Text (ConvertTo-AsciiText -Text $output) -MaxLength 2048)
}
exit $exitCode
#endregion Main
