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
