// Checks PowerShell scripts for what Windows PowerShell 5.1 (the host Intune uses) cannot run, using
// PowerShell's own parser: parse errors, and syntax or parameters that only PowerShell 6/7 know.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPwshSync } from './pwsh';

// Runs under pwsh 7, whose parser accepts the newer syntax, so each construct is found in the AST or tokens.
const CHECKER = `
param([string]$ListFile)
$ErrorActionPreference = 'Stop'
$tab = [string][char]9
$Files = @(Get-Content -LiteralPath $ListFile | Where-Object { $_ -ne '' })
# Parameters added after Windows PowerShell 5.1, by cmdlet; a prefix of the name also binds, so compare prefixes.
$newParameters = @{
    'ForEach-Object'   = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'   = @('AsArray', 'EscapeHandling')
    'Get-Content'      = @('AsByteStream')
    'Set-Content'      = @('AsByteStream')
    'Add-Content'      = @('AsByteStream')
    'Join-Path'        = @('AdditionalChildPath')
    'Select-String'    = @('Raw', 'NoEmphasis')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'SkipHttpErrorCheck', 'StatusCodeVariable')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'SkipHttpErrorCheck', 'StatusCodeVariable')
}
$newCmdlets = @('Test-Json', 'Join-String', 'Get-Error', 'ConvertFrom-Markdown', 'Get-Uptime', 'Remove-Alias', 'Remove-Service')
$aliases = @{ 'foreach' = 'ForEach-Object'; '%' = 'ForEach-Object'; 'gc' = 'Get-Content'; 'cat' = 'Get-Content'; 'sls' = 'Select-String'; 'iwr' = 'Invoke-WebRequest'; 'irm' = 'Invoke-RestMethod' }
foreach ($file in $Files) {
    [Console]::Out.WriteLine("FILE$($tab)$file")
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    $problems = New-Object System.Collections.Generic.List[string]
    foreach ($e in $errors) { $problems.Add([string]$e.Extent.StartLineNumber + "$($tab)parse error: " + $e.Message) }
    foreach ($token in $tokens) {
        $kind = [string]$token.Kind
        if (@('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr') -contains $kind) {
            $problems.Add([string]$token.Extent.StartLineNumber + "$($tab)PowerShell 7 operator " + $token.Text + " (" + $kind + ")")
        }
    }
    $nodes = $ast.FindAll({ param($node) $true }, $true)
    foreach ($node in $nodes) {
        $typeName = $node.GetType().Name
        $line = [string]$node.Extent.StartLineNumber
        if ($typeName -eq 'TernaryExpressionAst') { $problems.Add($line + "$($tab)ternary operator ?: (PowerShell 7)") }
        if ($typeName -eq 'PipelineChainAst') { $problems.Add($line + "$($tab)pipeline chain && / || (PowerShell 7)") }
        if ($typeName -eq 'PipelineAst' -and $node.PSObject.Properties['Background'] -and $node.Background) { $problems.Add($line + "$($tab)background operator & (PowerShell 6)") }
        if ($typeName -eq 'ScriptBlockAst' -and $node.PSObject.Properties['CleanBlock'] -and $null -ne $node.CleanBlock) { $problems.Add($line + "$($tab)clean block (PowerShell 7.3)") }
        if (($typeName -eq 'MemberExpressionAst' -or $typeName -eq 'InvokeMemberExpressionAst' -or $typeName -eq 'IndexExpressionAst') -and $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) {
            $problems.Add($line + "$($tab)null-conditional access ?. or ?[] (PowerShell 7)")
        }
        if ($typeName -eq 'ReturnStatementAst') {
            # A script that ends with "return 1" exits 0: Intune would read every failure as success.
            $parent = $node.Parent
            while ($null -ne $parent -and $parent.GetType().Name -ne 'FunctionDefinitionAst') { $parent = $parent.Parent }
            if ($null -eq $parent) { $problems.Add($line + "$($tab)return outside a function (the script exits 0; use exit)") }
        }
        if ($typeName -eq 'CommandAst') {
            $name = $node.GetCommandName()
            if ($null -eq $name) { continue }
            if ($aliases.ContainsKey($name.ToLowerInvariant())) { $name = $aliases[$name.ToLowerInvariant()] }
            foreach ($known in $newCmdlets) { if ($name -ieq $known) { $problems.Add($line + "$($tab)cmdlet " + $known + " (not in Windows PowerShell 5.1)") } }
            foreach ($cmdlet in $newParameters.Keys) {
                if ($name -ine $cmdlet) { continue }
                foreach ($element in $node.CommandElements) {
                    if ($element.GetType().Name -ne 'CommandParameterAst') { continue }
                    $given = $element.ParameterName
                    foreach ($newer in $newParameters[$cmdlet]) {
                        if ($given.Length -ge 2 -and $newer.StartsWith($given, [System.StringComparison]::OrdinalIgnoreCase)) {
                            $problems.Add($line + "$($tab)" + $cmdlet + " -" + $newer + " (not in Windows PowerShell 5.1)")
                        }
                    }
                }
            }
        }
    }
    foreach ($problem in $problems) { [Console]::Out.WriteLine("PROBLEM$($tab)$file$($tab)$problem") }
}
`;

export interface SyntaxProblem {
  file: string;
  line: number;
  message: string;
}

/** Parses every file with pwsh's parser in one pwsh run; returns the files it checked and what it found. */
export function checkPs51Syntax(
  pwsh: string,
  files: string[],
): { checked: string[]; problems: SyntaxProblem[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'td-syntax-'));
  try {
    const checker = join(dir, 'check-ps51.ps1');
    writeFileSync(checker, CHECKER);
    const list = join(dir, 'files.txt');
    writeFileSync(list, `${files.join('\n')}\n`);
    const result = runPwshSync(pwsh, ['-ExecutionPolicy', 'Bypass', '-File', checker, '-ListFile', list]);
    const checked: string[] = [];
    const problems: SyntaxProblem[] = [];
    for (const line of result.stdout.split(/\r?\n/)) {
      const parts = line.split('\t');
      if (parts[0] === 'FILE') checked.push(parts[1]);
      if (parts[0] === 'PROBLEM')
        problems.push({ file: parts[1], line: Number(parts[2]), message: parts.slice(3).join('\t') });
    }
    return { checked, problems, stderr: result.stderr + (result.code === 0 ? '' : `\n(checker exit ${result.code})`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Byte-level rules: no BOM, nothing outside ASCII (Intune output, signing, 5.1 reading files as ANSI). */
export function asciiProblems(bytes: Buffer): string[] {
  const problems: string[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    problems.push('UTF-8 byte order mark');
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    problems.push('UTF-16 byte order mark');
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line++;
    if (bytes[i] >= 0x80) {
      problems.push(`non-ASCII byte 0x${bytes[i].toString(16)} on line ${line}`);
      break;
    }
  }
  return problems;
}
