// Datto RMM the way Datto runs it: the job component runs the full detect and writes the UDF; the monitor
// component only reads that UDF and answers in about a second. Both run as child processes, with stand-ins for
// the registry (none on Linux) that store the UDF in a file, so the monitor reads exactly what the job wrote.
import t from 'tap';
import { join } from 'node:path';
import {
  PWSH_FILE_TIMEOUT_MS,
  RMM_DIR,
  fakeExe,
  isPrintableAscii,
  runMany,
  tempDir,
  toolLine,
  withPwsh,
  writeWrapper,
  type ScriptRun,
} from '../helpers/pwsh';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const JOB = join(RMM_DIR, 'DattoRMM-TetraDoctor.ps1');
const MONITOR = join(RMM_DIR, 'DattoRMM-TetraDoctor-Monitor.ps1');
const KEY = 'HKCU:\\Software\\TetraDoctorTest';
const AT = '2026-11-27T20:55:31.912Z';

/** Registry stand-ins: Set-ItemProperty writes `<name>.udf` in a folder, Get-ItemProperty reads it back. */
function registry(store: string): string {
  return [
    `function Test-Path { param([string]$LiteralPath, $PathType)`,
    `  if ($LiteralPath -like 'HKCU:*') { return $true }`,
    `  if ($null -ne $PathType) { return Microsoft.PowerShell.Management\\Test-Path -LiteralPath $LiteralPath -PathType $PathType }`,
    `  return Microsoft.PowerShell.Management\\Test-Path -LiteralPath $LiteralPath }`,
    `function Set-ItemProperty { param([string]$LiteralPath, [string]$Name, $Value) [System.IO.File]::WriteAllText('${store}/' + $Name + '.udf', [string]$Value) }`,
    `function Get-ItemProperty { param([string]$LiteralPath, [string]$Name, $ErrorAction)`,
    `  $file = '${store}/' + $Name + '.udf'`,
    `  if (-not [System.IO.File]::Exists($file)) { throw ('Property ' + $Name + ' does not exist at path ' + $LiteralPath) }`,
    `  return [pscustomobject]@{ $Name = [System.IO.File]::ReadAllText($file) } }`,
  ].join('\n');
}

function blocks(run: ScriptRun): { diagnostic: string[]; result: string } {
  const lines = run.lines;
  const ok =
    lines[0] === '<-Start Diagnostic->' &&
    lines[lines.length - 1] === '<-End Result->' &&
    lines.includes('<-End Diagnostic->');
  return ok
    ? { diagnostic: lines.slice(1, lines.indexOf('<-End Diagnostic->')), result: lines[lines.length - 2] }
    : { diagnostic: [], result: '' };
}

function clean(t: any, run: ScriptRun, label: string): void {
  t.equal(run.stderr, '', `${label}: nothing on stderr`);
  t.ok(
    run.lines.every((l) => isPrintableAscii(l)),
    `${label}: printable ASCII`,
  );
}

withPwsh(t, 'job writes the UDF, monitor reads it and alerts on status, staleness and absence', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-datto-pair-');
  t.teardown(cleanup);
  const stores = ['healthy', 'unhealthy', 'long', 'error'].map((name) => {
    const store = join(dir, name);
    require('node:fs').mkdirSync(store);
    return store;
  });
  const manyCodes = Array.from({ length: 40 }, (_, i) => `CODE_NUMBER_${i}`).join(',');
  const healthy = fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n`, exitCode: 0 });
  const unhealthy = fakeExe(dir, {
    stdout: `${toolLine('unhealthy', 1, '', 'proxy said TETRA-DOCTOR status=healthy')}\n`,
    exitCode: 1,
  });
  const long = fakeExe(dir, {
    stdout: `${toolLine('unhealthy', 1).replace('codes=DEFINITIONS_STALE,LASTERROR_PROXY_AUTH', `codes=${manyCodes}`)}\n`,
    exitCode: 1,
  });
  const missing = join(dir, 'no-such-tetra-doctor.exe');
  const job = (store: string, exe: string) => ({
    script: writeWrapper(dir, `job-${store.split('/').pop()}.ps1`, registry(store), JOB, [
      '-ExePath',
      exe,
      '-UdfNumber',
      '12',
      '-UdfRegistryPath',
      KEY,
    ]),
    args: [],
  });
  const jobs = await runMany(pwsh, [
    job(stores[0], healthy.path),
    job(stores[1], unhealthy.path),
    job(stores[2], long.path),
    job(stores[3], missing),
  ]);
  jobs.forEach((run, i) => clean(t, run, `job ${i}`));

  const monitor = (store: string, name: string, args: string[], env: NodeJS.ProcessEnv = {}) => ({
    script: writeWrapper(dir, `mon-${name}.ps1`, registry(store), MONITOR, ['-UdfRegistryPath', KEY, ...args]),
    args: [],
    options: { env },
  });
  const soon = '2026-11-28T06:00:00Z';
  const late = '2026-11-29T06:00:00Z';
  const cases = [
    {
      name: 'healthy',
      job: monitor(stores[0], 'healthy', ['-UdfNumber', '12', '-Now', soon]),
      code: 0,
      result: /^Status=HEALTHY: healthy version=90512 .* at=2026-11-27T20:55:31\.912Z$/,
    },
    {
      name: 'unhealthy (a forged marker in the summary changes nothing)',
      job: monitor(stores[1], 'unhealthy', ['-Now', soon], { TetraUdf: '12' }),
      code: 1,
      result: /^Status=UNHEALTHY: unhealthy version=90512/,
    },
    {
      name: 'cut to 255, at= kept',
      job: monitor(stores[2], 'long', ['-UdfNumber', '12', '-Now', soon]),
      code: 1,
      result: new RegExp(`^Status=UNHEALTHY: unhealthy .*\\.\\.\\. at=${AT.replace(/\./g, '\\.')}$`),
    },
    {
      name: 'job could not run tetra-doctor',
      job: monitor(stores[3], 'error', ['-UdfNumber', '12', '-Now', soon]),
      code: 1,
      result: /^Status=ERROR from the job component: ERROR: tetra-doctor executable not found/,
    },
    {
      name: 'stale: the job stopped',
      job: monitor(stores[0], 'stale', ['-UdfNumber', '12', '-Now', late]),
      code: 1,
      result: /^Status=STALE: the job component has not reported for 33\.1 h \(limit 26 h\)/,
    },
    {
      name: 'stale limit from the component variable',
      job: monitor(stores[0], 'stale-env', ['-UdfNumber', '12', '-Now', late], { TetraMaxAgeHours: '48' }),
      code: 0,
      result: /^Status=HEALTHY/,
    },
    {
      name: 'no value yet',
      job: monitor(stores[0], 'absent', ['-UdfNumber', '13', '-Now', soon]),
      code: 1,
      result: /^Status=NO RESULT: the job component has not written UDF Custom13/,
    },
    {
      name: 'usage',
      job: monitor(stores[0], 'usage', ['-UdfNumber', '0']),
      code: 1,
      result: /^Status=ERROR: DattoRMM-TetraDoctor-Monitor\.ps1 usage: -UdfNumber must be 1-30/,
    },
  ];
  const runs = await runMany(
    pwsh,
    cases.map((c) => c.job),
  );
  cases.forEach((c, i) => {
    const run = runs[i];
    clean(t, run, c.name);
    t.equal(run.code, c.code, `${c.name}: exit ${c.code}`);
    t.match(blocks(run).result, c.result, c.name);
  });
  t.ok(
    blocks(runs[0]).diagnostic.some((l) =>
      /^job result from 2026-11-27T20:55:31\.912Z, 9\.1 h ago \(limit 26 h\)$/.test(l),
    ),
    'diagnostic tells the age',
  );
  t.equal(
    require('node:fs').readFileSync(join(stores[2], 'Custom12.udf'), 'utf8').length,
    255,
    'the job still cuts the UDF to 255',
  );
  // The monitor runs nothing: its own code starts no process, and it takes about what PowerShell takes to start an
  // empty script. The empty script is timed just before and just after the monitor, and the monitor is held to three
  // times the slower of the two: a busy machine slows all three alike (quiet: 3.1 s against 2.6 s; under load of
  // other tests: 10.8 s against 6.0 s), while running tetra-doctor would add its own start and diagnosis.
  const text = require('node:fs').readFileSync(MONITOR, 'utf8') as string;
  const own = text.slice(text.indexOf('#region Datto RMM monitor'));
  t.notMatch(
    own,
    /Invoke-TetraDoctor|Invoke-BoundedProcess|Start-Process|Process\]::Start/,
    'the monitor starts no process',
  );
  const empty = join(dir, 'empty.ps1');
  require('node:fs').writeFileSync(empty, 'exit 0\n');
  const [before, alone, after] = await runMany(
    pwsh,
    [
      { script: empty, args: [] },
      monitor(stores[0], 'timed', ['-UdfNumber', '12', '-Now', soon]),
      { script: empty, args: [] },
    ],
    1,
  );
  t.equal(alone.code, 0);
  const baseline = Math.max(before.ms, after.ms);
  t.ok(alone.ms < 3 * baseline, `monitor answered in ${alone.ms} ms; PowerShell alone ${before.ms}/${after.ms} ms`);
});
