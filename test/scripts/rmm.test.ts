// The RMM scripts (generic, NinjaOne, Datto RMM) run as child processes against fake tetra-doctor executables,
// with stand-ins for Ninja-Property-Set, ninjarmm-cli.exe and the Datto UDF registry writes.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PWSH_FILE_TIMEOUT_MS,
  RMM_DIR,
  fakeExe,
  isPrintableAscii,
  platformExitCode,
  runMany,
  tempDir,
  toolLine,
  withPwsh,
  writeWrapper,
  type ScriptRun,
} from '../helpers/pwsh';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const GENERIC = join(RMM_DIR, 'Invoke-TetraDoctor.ps1');
const NINJA = join(RMM_DIR, 'NinjaOne-TetraDoctor.ps1');
const DATTO = join(RMM_DIR, 'DattoRMM-TetraDoctor.ps1');

function assertClean(t: any, run: ScriptRun, label: string): void {
  t.equal(run.stderr, '', `${label}: nothing on stderr`);
  t.ok(
    run.stdoutBytes.every((b) => b < 0x80),
    `${label}: stdout is pure ASCII`,
  );
  t.ok(
    run.lines.every((line) => line.length <= 2048 && isPrintableAscii(line)),
    `${label}: every line printable ASCII, <= 2048`,
  );
}

withPwsh(t, 'generic script: passes exit codes and the line or JSON through, maps on request', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-rmm-generic-');
  t.teardown(cleanup);
  const naLine = toolLine('not_applicable', 3);
  const na = fakeExe(dir, { stdout: `${naLine}\n`, stderr: 'chatter\n', exitCode: 3 });
  const json = JSON.stringify({
    schemaVersion: 1,
    status: 'unhealthy',
    exitCode: 1,
    remediation: { outcome: 'failed_to_start' },
    summary: 'r\u00e9sum\u00e9 \u5b9a\u7fa9 "q"',
  });
  const jsonExe = fakeExe(dir, { stdout: Buffer.from(`${json}\n`, 'utf8'), exitCode: 1 });
  const undetermined = fakeExe(dir, { stdout: `${toolLine('undetermined', 4)}\n`, exitCode: 4 });
  const busy = fakeExe(dir, { stdout: `${toolLine('healthy', 5)}\n`, exitCode: 5 });
  const unhealthy = fakeExe(dir, { stdout: `${toolLine('unhealthy', 1)}\n`, exitCode: 1 });
  const hung = fakeExe(dir, { hang: true });
  const cases: Array<{ name: string; args: string[]; code: number; check: (run: ScriptRun) => void }> = [
    {
      name: 'line, exit 3 passed through',
      args: ['-ExePath', na.path],
      code: 3,
      check: (run) => t.equal(run.lastLine, naLine),
    },
    {
      name: 'json (remediate), non-ASCII escaped',
      args: ['-ExePath', jsonExe.path, '-Command', 'remediate', '-Format', 'json'],
      code: 1,
      check: (run) => {
        t.same(JSON.parse(run.lastLine), JSON.parse(json), 'same JSON object after \\u escaping');
        t.same(jsonExe.args(), ['remediate', '--format', 'json']);
      },
    },
    {
      name: '-MapToBinary: undetermined -> 1',
      args: ['-ExePath', undetermined.path, '-MapToBinary'],
      code: 1,
      check: (run) => t.match(run.lastLine, /^TETRA-DOCTOR status=undetermined/),
    },
    {
      name: '-NsightExitCodes: 1 -> 1001',
      args: ['-ExePath', unhealthy.path, '-NsightExitCodes'],
      code: platformExitCode(1001),
      check: (run) => t.match(run.lastLine, /^TETRA-DOCTOR status=unhealthy/),
    },
    {
      name: '-MapToBinary -NsightExitCodes: busy -> 0 (nothing added to 0)',
      args: ['-ExePath', busy.path, '-MapToBinary', '-NsightExitCodes'],
      code: 0,
      check: (run) => t.match(run.lastLine, /^TETRA-DOCTOR status=healthy exit=5/),
    },
    {
      name: 'bad -Command is a usage error',
      args: ['-ExePath', na.path, '-Command', 'fix'],
      code: 2,
      check: (run) =>
        t.match(run.lastLine, /^ERROR: Invoke-TetraDoctor\.ps1 usage: -Command must be detect or remediate/),
    },
    {
      name: 'hung, json',
      args: ['-ExePath', hung.path, '-Format', 'json', '-TimeoutSeconds', '1'],
      code: 4,
      check: (run) =>
        t.match(JSON.parse(run.lastLine), {
          status: 'undetermined',
          exitCode: 4,
          error: /^ERROR: tetra-doctor did not finish within 1 s and was stopped/,
        }),
    },
  ];
  const runs = await runMany(
    pwsh,
    cases.map((c) => ({ script: GENERIC, args: c.args })),
  );
  cases.forEach((c, i) => {
    t.equal(runs[i].code, c.code, `${c.name}: exit ${c.code}`);
    assertClean(t, runs[i], c.name);
    t.equal(runs[i].lines.length, 1, `${c.name}: exactly one line`);
    c.check(runs[i]);
  });
});

withPwsh(t, 'NinjaOne: custom fields through Ninja-Property-Set, else ninjarmm-cli, else a note', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-rmm-ninja-');
  t.teardown(cleanup);
  const summary = 'Proxy rejected "svc-amp" at C:\\Proxy\\ (407).';
  const line = toolLine('unhealthy', 1, '', summary);
  const exe = fakeExe(dir, { stdout: `${line}\n`, stderr: 'chatter\n', exitCode: 1 });
  const healthy = fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n`, exitCode: 0 });
  const cli = fakeExe(dir, { exitCode: 0 });
  const propLog = join(dir, 'ninja-property-set.log');
  const standIn = `function Ninja-Property-Set { param($Name, $Value) Add-Content -LiteralPath '${propLog}' -Value ($Name + '=' + $Value) }`;
  const failingLog = join(dir, 'failing.log');
  const failing = `function Ninja-Property-Set { param($Name, $Value) Add-Content -LiteralPath '${failingLog}' -Value $Name; throw 'field is read-only' }`;
  const cause = `DEFINITIONS_STALE,LASTERROR_PROXY_AUTH: ${summary}`;
  const runs = await runMany(pwsh, [
    // 0: no cmdlet, ninjarmm-cli present: values with quotes, backslashes and spaces arrive intact.
    { script: NINJA, args: ['-ExePath', exe.path, '-NinjaCliPath', cli.path] },
    // 1: cmdlet present (wrapper defines it), custom field names; ninjarmm-cli must not be used.
    {
      script: writeWrapper(dir, 'with-cmdlet.ps1', standIn, NINJA, [
        '-ExePath',
        exe.path,
        '-NinjaCliPath',
        cli.path,
        '-StatusField',
        'avStatus',
        '-VersionField',
        'avVersion',
        '-CauseField',
        '',
      ]),
      args: [],
    },
    // 2: neither: the run still reports, with a note per field.
    { script: NINJA, args: ['-ExePath', healthy.path, '-NinjaCliPath', join(dir, 'no-cli.exe')] },
    // 3: executable missing: fields say so; -MapToBinary turns 4 into 1.
    {
      script: writeWrapper(dir, 'missing.ps1', standIn.replace(propLog, `${propLog}.missing`), NINJA, [
        '-ExePath',
        join(dir, 'missing.exe'),
        '-MapToBinary',
      ]),
      args: [],
    },
    // 4: a cmdlet that throws must not reach stderr or change the exit code.
    { script: writeWrapper(dir, 'failing.ps1', failing, NINJA, ['-ExePath', healthy.path]), args: [] },
  ]);
  const [viaCli, viaCmdlet, neither, missing, failed] = runs;

  t.equal(viaCli.code, 1, 'cli: exit code passed through');
  assertClean(t, viaCli, 'cli');
  t.equal(viaCli.lastLine, line, 'cli: tetra-doctor line last');
  const cliCalls = readFileSync(`${cli.path.replace(/\.sh$/, '')}.args`, 'utf8');
  t.same(
    cliCalls.split('\n').filter(Boolean).slice(-3),
    ['set', 'tetraCause', cause],
    'cli: last call sets the cause, argument intact',
  );
  t.match(viaCli.stdout, /field tetraStatus set \(ninjarmm-cli\): unhealthy/);
  t.match(viaCli.stdout, /field tetraVersion set \(ninjarmm-cli\): 90512/);

  t.equal(viaCmdlet.code, 1, 'cmdlet: exit code passed through');
  assertClean(t, viaCmdlet, 'cmdlet');
  t.same(
    readFileSync(propLog, 'utf8').split(/\r?\n/).filter(Boolean),
    ['avStatus=unhealthy', 'avVersion=90512'],
    'cmdlet: named fields, empty name skipped',
  );
  t.equal(viaCmdlet.lastLine, line);

  t.equal(neither.code, 0);
  assertClean(t, neither, 'neither');
  t.match(neither.stdout, /field tetraStatus not set: neither Ninja-Property-Set nor .*no-cli\.exe is available/);
  t.match(neither.lastLine, /^TETRA-DOCTOR status=healthy/);

  t.equal(missing.code, 1, 'missing: 4 mapped to 1');
  assertClean(t, missing, 'missing');
  const missingFields = readFileSync(`${propLog}.missing`, 'utf8').split(/\r?\n/).filter(Boolean);
  t.equal(missingFields[0], 'tetraStatus=error');
  t.equal(missingFields[1], 'tetraVersion=unknown');
  t.match(missingFields[2], /^tetraCause=ERROR: tetra-doctor executable not found/);
  t.ok(missingFields[2].length <= 'tetraCause='.length + 200, 'cause cut to 200 characters');
  t.match(missing.lastLine, /^ERROR: tetra-doctor executable not found/);

  t.equal(failed.code, 0, 'failing cmdlet: exit code unchanged');
  assertClean(t, failed, 'failing cmdlet');
  t.match(failed.stdout, /field tetraStatus not set: Ninja-Property-Set failed: field is read-only/);
  t.equal(readFileSync(failingLog, 'utf8').split(/\r?\n/).filter(Boolean).length, 3, 'every field was attempted');
});

/** Datto RMM's monitor output: diagnostic block, then result block, then nothing. */
function dattoBlocks(run: ScriptRun): { diagnostic: string[]; result: string[] } {
  const lines = run.lines;
  const startD = lines.indexOf('<-Start Diagnostic->');
  const endD = lines.indexOf('<-End Diagnostic->');
  const startR = lines.indexOf('<-Start Result->');
  const endR = lines.indexOf('<-End Result->');
  if (!(startD === 0 && startD < endD && endD + 1 === startR && startR < endR && endR === lines.length - 1))
    return { diagnostic: [], result: [] };
  return { diagnostic: lines.slice(startD + 1, endD), result: lines.slice(startR + 1, endR) };
}

withPwsh(t, 'Datto RMM: monitor markers, alert through the exit code, UDF CustomN', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-rmm-datto-');
  t.teardown(cleanup);
  const udfLog = join(dir, 'udf.log');
  // Stand-ins for the registry (none on Linux): the script's own Test-Path/Set-ItemProperty calls land here.
  const registry = [
    `function Test-Path { param([string]$LiteralPath, $PathType)`,
    `  if ($LiteralPath -like 'HKCU:*') { return $true }`,
    `  if ($null -ne $PathType) { return Microsoft.PowerShell.Management\\Test-Path -LiteralPath $LiteralPath -PathType $PathType }`,
    `  return Microsoft.PowerShell.Management\\Test-Path -LiteralPath $LiteralPath }`,
    `function Set-ItemProperty { param([string]$LiteralPath, [string]$Name, $Value) Add-Content -LiteralPath '${udfLog}' -Value ($LiteralPath + '|' + $Name + '|' + $Value) }`,
  ].join('\n');
  const manyCodes = Array.from({ length: 40 }, (_, i) => `CODE_NUMBER_${i}`).join(',');
  const codes = [0, 1, 4].map((code) => ({
    code,
    exe: fakeExe(dir, {
      stdout: `${toolLine(['healthy', 'unhealthy', '', '', 'undetermined', 'busy'][code], code)}\n`,
      exitCode: code,
    }),
  }));
  const longExe = fakeExe(dir, {
    stdout: `${toolLine('unhealthy', 1).replace('codes=DEFINITIONS_STALE,LASTERROR_PROXY_AUTH', `codes=${manyCodes}`)}\n`,
    exitCode: 1,
  });
  const remediate = fakeExe(dir, { stdout: `${toolLine('healthy', 0, ' remediation=updated')}\n`, exitCode: 0 });
  const hung = fakeExe(dir, { hang: true });
  const jobs = [
    // 0 (no alert) and 4 (alert); 1 runs below with a UDF.
    ...codes.filter((c) => c.code !== 1).map((c) => ({ script: DATTO, args: ['-ExePath', c.exe.path] })),
    // UDF requested, default HKLM:\SOFTWARE\CentraStage: absent here, so a diagnostic line and no failure.
    { script: DATTO, args: ['-ExePath', codes[1].exe.path, '-UdfNumber', '7'] },
    // UDF through the stand-ins, value cut to 255.
    {
      script: writeWrapper(dir, 'udf.ps1', registry, DATTO, [
        '-ExePath',
        longExe.path,
        '-UdfNumber',
        '12',
        '-UdfRegistryPath',
        'HKCU:\\Software\\TetraDoctorTest',
      ]),
      args: [],
    },
    // Component variables arrive as environment variables.
    {
      script: DATTO,
      args: ['-ExePath', remediate.path],
      options: { env: { TetraCommand: 'remediate', TetraUdf: '31' } },
    },
    {
      script: DATTO,
      args: ['-ExePath', remediate.path, '-ResultName', 'TETRA'],
      options: { env: { TetraCommand: 'remediate', TetraUdf: '0' } },
    },
    { script: DATTO, args: ['-ExePath', hung.path, '-TimeoutSeconds', '1'] },
  ];
  const runs = await runMany(pwsh, jobs);
  const expected: Record<number, [number, RegExp]> = {
    0: [0, /^Status=HEALTHY: TETRA-DOCTOR/],
    1: [1, /^Status=UNHEALTHY: TETRA-DOCTOR/],
    4: [1, /^Status=UNDETERMINED \(exit 4/],
    5: [0, /^Status=BUSY \(exit 5/],
  };
  const byCode = codes.filter((c) => c.code !== 1);
  byCode.forEach((c, i) => {
    const run = runs[i];
    t.equal(run.code, expected[c.code][0], `tetra-doctor ${c.code} -> monitor exit ${expected[c.code][0]}`);
    assertClean(t, run, `code ${c.code}`);
    const blocks = dattoBlocks(run);
    t.equal(blocks.result.length, 1, `code ${c.code}: markers in order, one result line`);
    t.match(blocks.result[0], expected[c.code][1]);
    t.ok(
      blocks.diagnostic.some((line) => line.startsWith('TETRA-DOCTOR ')),
      `code ${c.code}: tetra-doctor line in the diagnostic`,
    );
  });
  const [hklm, udf, badUdf, envRun, hungRun] = runs.slice(byCode.length);

  t.equal(hklm.code, 1, 'tetra-doctor 1 -> monitor exit 1');
  assertClean(t, hklm, 'hklm');
  t.match(dattoBlocks(hklm).result[0], /^Status=UNHEALTHY: TETRA-DOCTOR/);
  t.ok(
    dattoBlocks(hklm).diagnostic.some((line) =>
      /^UDF Custom7 not written: HKLM:\\SOFTWARE\\CentraStage does not exist .*value would be: unhealthy version=90512 behind=92 age_h=74 codes=DEFINITIONS_STALE,LASTERROR_PROXY_AUTH at=2026-11-27T20:55:31.912Z$/.test(
        line,
      ),
    ),
    'hklm: says why and what',
  );

  t.equal(udf.code, 1);
  assertClean(t, udf, 'udf');
  t.ok(existsSync(udfLog), 'udf: Set-ItemProperty was called');
  const [udfPath, udfName, udfValue] = readFileSync(udfLog, 'utf8').trim().split('|');
  t.equal(udfPath, 'HKCU:\\Software\\TetraDoctorTest');
  t.equal(udfName, 'Custom12');
  t.equal(udfValue.length, 255, 'udf: value cut to 255 characters');
  t.ok(
    udfValue.startsWith('unhealthy version=90512 behind=92 age_h=74 codes=CODE_NUMBER_0,'),
    `udf: ${udfValue.slice(0, 80)}`,
  );
  t.ok(dattoBlocks(udf).diagnostic.includes(`UDF Custom12 written: ${udfValue}`), 'udf: diagnostic says written');

  t.equal(badUdf.code, 1, 'UDF 31: alert');
  assertClean(t, badUdf, 'bad udf');
  t.match(
    dattoBlocks(badUdf).result[0],
    /^Status=ERROR: DattoRMM-TetraDoctor\.ps1 usage: -UdfNumber must be 0 \(no UDF\) or 1-30, not "31"$/,
  );

  t.equal(envRun.code, 0);
  assertClean(t, envRun, 'env');
  t.same(remediate.args(), ['remediate', '--format', 'line'], 'TetraCommand=remediate used');
  t.match(dattoBlocks(envRun).result[0], /^TETRA=HEALTHY: TETRA-DOCTOR status=healthy .*remediation=updated/);

  t.equal(hungRun.code, 1);
  assertClean(t, hungRun, 'hung');
  t.match(dattoBlocks(hungRun).result[0], /^Status=ERROR: tetra-doctor did not finish within 1 s and was stopped/);
});

withPwsh(
  t,
  'Datto RMM: writes the UDF into a real registry key (Windows only)',
  async (t, pwsh) => {
    if (process.platform !== 'win32') {
      t.skip('no registry on this system; covered above with stand-ins');
      return;
    }
    const { dir, cleanup } = tempDir('td-rmm-datto-reg-');
    t.teardown(cleanup);
    const key = 'HKCU:\\Software\\TetraDoctorTest';
    const exe = join(dir, 'fake.cmd');
    require('node:fs').writeFileSync(exe, `@echo off\r\necho ${toolLine('healthy', 0)}\r\nexit /b 0\r\n`);
    const setup = `New-Item -Path '${key}' -Force | Out-Null`;
    const wrapper = writeWrapper(dir, 'reg.ps1', setup, DATTO, [
      '-ExePath',
      exe,
      '-UdfNumber',
      '3',
      '-UdfRegistryPath',
      key,
    ]);
    const [run] = await runMany(pwsh, [{ script: wrapper, args: [] }]);
    t.equal(run.code, 0);
    t.equal(run.stderr, '');
    t.match(run.stdout, /UDF Custom3 written: healthy version=90512/);
  },
  false,
);
