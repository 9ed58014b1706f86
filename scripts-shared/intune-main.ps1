#region Main (generated from scripts-shared/intune-main.ps1 by npm run scripts:sync; edit it there)
# Both Intune scripts share this part; their settings above say which command they run and for how long.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 1
$summary = 'ERROR: the script ended before it reached a verdict'
try {
    Assert-NoUnknownArguments -Unbound $args
    if ([string]::IsNullOrEmpty($ExePath)) { $ExePath = Get-TetraDoctorDefaultPath }
    $timeout = $SettingTimeoutSeconds
    if (-not [string]::IsNullOrEmpty($TimeoutSeconds)) {
        $parsedTimeout = 0
        if (-not [int]::TryParse($TimeoutSeconds, [ref]$parsedTimeout) -or $parsedTimeout -lt 1) {
            throw ('-TimeoutSeconds must be a whole number of seconds above 0, not "' + $TimeoutSeconds + '"')
        }
        $timeout = $parsedTimeout
    }
    $extra = $SettingExtraArguments
    if (-not [string]::IsNullOrEmpty($ExtraArguments)) { $extra = $ExtraArguments }

    $extra = Join-PathSettings -ExtraArguments $extra -Region $SettingRegion -PolicyFile $SettingPolicyFile

    $run = Invoke-TetraDoctor -ExePath $ExePath -Command $SettingCommand -Format 'line' -TimeoutSeconds $timeout -ExtraArguments $extra
    $summary = Format-RunSummary -Run $run
    if ($run.Ok) { $exitCode = Get-BinaryExitCode -ToolExitCode $run.ExitCode } else { $exitCode = 1 }
} catch {
    $summary = 'ERROR: ' + $MyInvocation.MyCommand.Name + ' failed: ' + $_.Exception.Message
    $exitCode = 1
}
Write-OutputLine -Text (Limit-Text -Text (ConvertTo-AsciiText -Text $summary) -MaxLength 2048)
exit $exitCode
#endregion Main
