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
#endregion tetra-doctor text
