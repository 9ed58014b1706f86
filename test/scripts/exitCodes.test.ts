// One exit-code table: src/contract/exitCodes.ts is the definition, scripts-shared/exit-codes.ps1 its generated
// PowerShell form, and every script carries a current copy and names the codes from it (no script writes out its own).
import { readFileSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import t from 'tap';
import { EXIT, NEEDS_ATTENTION } from '../../src/contract/exitCodes';
import {
  fakeExe,
  INTUNE_DIR,
  PWSH_FILE_TIMEOUT_MS,
  REPO_ROOT,
  RMM_DIR,
  runMany,
  runPwshSync,
  tempDir,
  toolLine,
  withPwsh,
  writeWrapper,
} from '../helpers/pwsh';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const sync = require('../../build/sync-ps-regions.cjs') as {
  scriptsIn(root: string, folder: string): string[];
  exitCodesRegion(root: string): string;
  regionPattern(name: string): RegExp;
};
const REGION = 'tetra-doctor exit codes';
const SHARED = join(REPO_ROOT, 'scripts-shared', 'exit-codes.ps1');
const scripts = [INTUNE_DIR, RMM_DIR].flatMap((dir) => sync.scriptsIn(REPO_ROOT, path.basename(dir)));
const expected = Object.entries(EXIT).map(([name, code]) => ({
  Code: code,
  Name: name,
  Attention: NEEDS_ATTENTION[name as keyof typeof EXIT],
}));

t.test('scripts-shared/exit-codes.ps1 is current with src/contract/exitCodes.ts (npm run scripts:sync)', async (t) => {
  t.equal(readFileSync(SHARED, 'utf8'), sync.exitCodesRegion(REPO_ROOT));
});

t.test('every script carries the current table', async (t) => {
  const shared = readFileSync(SHARED, 'utf8');
  for (const script of scripts)
    t.equal(sync.regionPattern(REGION).exec(readFileSync(script, 'utf8'))?.[0], shared, path.basename(script));
});

t.test('no script names or maps exit codes outside the table', async (t) => {
  const statusNames = Object.keys(EXIT).join('|');
  for (const script of scripts) {
    const text = readFileSync(script, 'utf8').replace(sync.regionPattern(REGION), '');
    t.notMatch(
      text,
      new RegExp(`\\b[0-9]\\s*=\\s*'(${statusNames}|usage_error)'`),
      `${path.basename(script)}: no code = 'name' table`,
    );
    t.notMatch(
      text,
      new RegExp(`\\{\\s*return\\s+'(${statusNames}|usage_error)'\\s*\\}`),
      `${path.basename(script)}: no switch over codes returning names`,
    );
    t.notMatch(text, /ExitCode\s+-gt\s+5/, `${path.basename(script)}: the known range comes from the table`);
  }
});

withPwsh(t, 'each copy, evaluated by PowerShell, equals src/contract/exitCodes.ts', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-exitcodes-');
  t.teardown(cleanup);
  const reader = join(dir, 'read-tables.ps1');
  writeFileSync(
    reader,
    [
      'param([string]$Paths)',
      '$all = @{}',
      "foreach ($p in ($Paths -split ',')) {",
      "    $m = [regex]::Match([IO.File]::ReadAllText($p), '#region tetra-doctor exit codes[\\s\\S]*?#endregion tetra-doctor exit codes')",
      '    $TetraDoctorExitCodes = $null',
      '    . ([scriptblock]::Create($m.Value))',
      '    $all[$p] = @($TetraDoctorExitCodes | ForEach-Object { [ordered]@{ Code = $_.Code; Name = $_.Name; Attention = $_.Attention } })',
      '}',
      '$all | ConvertTo-Json -Depth 4 -Compress',
    ].join('\n'),
  );
  const run = runPwshSync(pwsh, ['-File', reader, '-Paths', scripts.join(',')]);
  t.equal(run.stderr, '');
  const tables = JSON.parse(run.stdout) as Record<string, unknown>;
  for (const script of scripts) t.same(tables[script], expected, path.basename(script));
});

withPwsh(
  t,
  'exit 2 has the same name in every script that reports names (NinjaOne field, Datto UDF, -Format json)',
  async (t, pwsh) => {
    const { dir, cleanup } = tempDir('td-exitcodes-run-');
    t.teardown(cleanup);
    const usage = fakeExe(dir, { stdout: '', stderr: 'tetra-doctor: unknown option --bogus\n', exitCode: 2 });
    const healthy = fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n`, exitCode: 0 });
    const propLog = join(dir, 'props.log');
    const udfLog = join(dir, 'udf.log');
    const ninjaStandIn = `function Ninja-Property-Set { param($Name, $Value) Add-Content -LiteralPath '${propLog}' -Value ($Name + '=' + $Value) }`;
    const registry = [
      `function Test-Path { param([string]$LiteralPath) return $true }`,
      `function Set-ItemProperty { param([string]$LiteralPath, [string]$Name, [string]$Value) Set-Content -LiteralPath '${udfLog}' -Value $Value }`,
    ].join('\n');
    const [ninja, datto, invoke] = await runMany(pwsh, [
      {
        script: writeWrapper(dir, 'ninja.ps1', ninjaStandIn, join(RMM_DIR, 'NinjaOne-TetraDoctor.ps1'), [
          '-ExePath',
          usage.path,
          '-CauseField',
          '',
          '-VersionField',
          '',
        ]),
        args: [],
      },
      {
        script: writeWrapper(dir, 'datto.ps1', registry, join(RMM_DIR, 'DattoRMM-TetraDoctor.ps1'), [
          '-ExePath',
          healthy.path,
          '-UdfNumber',
          '3',
          '-UdfRegistryPath',
          'HKCU:\\Software\\TetraDoctorTest',
        ]),
        args: [],
      },
      {
        script: join(RMM_DIR, 'Invoke-TetraDoctor.ps1'),
        args: ['-ExePath', healthy.path, '-Format', 'json', '-Command', 'fix'],
      },
    ]);
    t.equal(ninja.stderr, '');
    t.same(
      readFileSync(propLog, 'utf8').split(/\r?\n/).filter(Boolean),
      [`tetraStatus=usage`],
      'NinjaOne: exit 2 is "usage"',
    );
    t.equal(datto.stderr, '');
    t.match(readFileSync(udfLog, 'utf8'), /^healthy version=/, 'Datto: the UDF starts with the name from the table');
    t.equal(invoke.code, EXIT.usage);
    const json = JSON.parse(invoke.lastLine);
    t.same([json.status, json.exitCode], ['usage', 2], 'generic -Format json: a usage error is "usage"');
  },
);
