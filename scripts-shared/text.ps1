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
