// Every script under intune/ and rmm/ must run on Windows PowerShell 5.1: it must parse, use no syntax or
// parameters that only PowerShell 6/7 know, and be pure ASCII without a BOM. The checker is proven to catch
// each rule on throw-away bad files, so a pass means something.
import t from 'tap';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { INTUNE_DIR, PWSH_FILE_TIMEOUT_MS, RMM_DIR, tempDir, withPwsh } from '../helpers/pwsh';
import { asciiProblems, checkPs51Syntax } from '../helpers/pwsh-syntax';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

/** What build/sync-ps-regions.cjs exports (a plain CommonJS build script). */
interface SyncPsRegions {
  SHARED_REGIONS: Array<{ name: string; source: string; folders: string[]; except?: string[] }>;
  regionPattern(name: string): RegExp;
  scriptsOf(root: string, region: SyncPsRegions['SHARED_REGIONS'][number]): string[];
}

const scripts = [INTUNE_DIR, RMM_DIR].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ps1'))
    .map((f) => join(dir, f)),
);

t.test('the scripts exist', async (t) => {
  const names = scripts.map((s) => s.slice(s.lastIndexOf('/') + 1)).sort();
  t.same(names, [
    'DattoRMM-TetraDoctor-Monitor.ps1',
    'DattoRMM-TetraDoctor.ps1',
    'Detect-TetraDefinitions.ps1',
    'Invoke-TetraDoctor.ps1',
    'NinjaOne-TetraDoctor.ps1',
    'Remediate-TetraDefinitions.ps1',
  ]);
});

t.test('pure ASCII, no BOM', async (t) => {
  for (const script of scripts) t.same(asciiProblems(readFileSync(script)), [], script);
  // The byte rules themselves catch what they should.
  t.same(asciiProblems(Buffer.from('\ufeffWrite-Output 1\n', 'utf8')), [
    'UTF-8 byte order mark',
    'non-ASCII byte 0xef on line 1',
  ]);
  t.same(asciiProblems(Buffer.from('# ok\n# caf\u00e9\n', 'utf8')), ['non-ASCII byte 0xc3 on line 2']);
  t.same(asciiProblems(Buffer.from([0xff, 0xfe, 0x41, 0x00])), [
    'UTF-16 byte order mark',
    'non-ASCII byte 0xff on line 1',
  ]);
});

t.test('help, settings, one exit, nothing written to stderr streams', async (t) => {
  for (const script of scripts) {
    const text = readFileSync(script, 'utf8');
    t.match(text, /^<#\r?\n\.SYNOPSIS/, `${script}: comment-based help first`);
    t.match(text, /Version history:/, `${script}: version history`);
    t.match(text, /#region Settings/, `${script}: settings at the top`);
    t.match(text, /\nexit \$exitCode\r?\n#endregion Main\r?\n$/, `${script}: ends with exit $exitCode`);
    // Intune marks any stderr output as a script error; these write to stderr (or to host streams that can).
    const writers = /Write-(Error|Warning|Host|Information|Verbose|Debug)\b|\[Console\]::Error|\$host\.UI/i.exec(text);
    t.equal(writers, null, `${script}: no stderr writers`);
  }
});

t.test('the shared regions in every script are the copies of scripts-shared/ (npm run scripts:sync)', async (t) => {
  const { SHARED_REGIONS, regionPattern, scriptsOf } = require('../../build/sync-ps-regions.cjs') as SyncPsRegions;
  const root = path.resolve(__dirname, '../..');
  for (const region of SHARED_REGIONS) {
    const shared = readFileSync(path.join(root, region.source), 'utf8');
    for (const script of scriptsOf(root, region)) {
      const copy = regionPattern(region.name).exec(readFileSync(script, 'utf8'));
      t.equal(copy?.[0], shared, `${path.relative(root, script)}: #region ${region.name} matches ${region.source}`);
    }
    for (const script of region.except ?? []) {
      const text = readFileSync(path.join(root, script), 'utf8');
      t.notOk(regionPattern(region.name).test(text), `${script}: carries no #region ${region.name}`);
    }
  }
});

t.test('the Datto monitor only reads what the job left: it has no code that starts a process', async (t) => {
  const monitor = readFileSync(path.join(RMM_DIR, 'DattoRMM-TetraDoctor-Monitor.ps1'), 'utf8');
  for (const starter of ['Invoke-TetraDoctor', 'Invoke-BoundedProcess', 'Start-Process', 'ProcessStartInfo'])
    t.notOk(monitor.includes(starter), `no ${starter}`);
});

withPwsh(
  t,
  'PowerShell parser: no errors and no syntax Windows PowerShell 5.1 lacks (and the check can fail)',
  async (t, pwsh) => {
    const { dir, cleanup } = tempDir('td-syntax-bad-');
    t.teardown(cleanup);
    // Throw-away files, each with one thing 5.1 cannot run; the checker must report every one.
    const bad: Record<string, [string, RegExp]> = {
      'ternary.ps1': ['$a = $true ? 1 : 2\n', /ternary/],
      'chain.ps1': ['Get-Date && Get-Date\n', /pipeline chain|AndAnd/],
      'coalesce.ps1': ['$b = $null ?? 3\n', /QuestionQuestion/],
      'coalesce-assign.ps1': ['$c ??= 4\n', /QuestionQuestionEquals/],
      'null-conditional.ps1': ['$d = ${x}?.Length\n', /null-conditional|QuestionDot/],
      'parallel.ps1': ['1..3 | ForEach-Object -Parallel { $_ }\n', /ForEach-Object -Parallel/],
      'parallel-alias.ps1': ['1..3 | % -Para { $_ }\n', /ForEach-Object -Parallel/],
      'hashtable.ps1': ["$h = '{}' | ConvertFrom-Json -AsHashtable\n", /ConvertFrom-Json -AsHashtable/],
      'clean.ps1': ['function f { process { 1 } clean { 2 } }\n', /clean block/],
      'return.ps1': ['function ok { return 1 }\nif ($true) { return 1 }\n', /return outside a function/],
      'parse-error.ps1': ['function broken( {\n', /parse error/],
    };
    const badFiles = Object.keys(bad).map((name) => {
      writeFileSync(join(dir, name), bad[name][0]);
      return join(dir, name);
    });
    const good = join(dir, 'good-5.1.ps1');
    writeFileSync(
      good,
      "$x = if ($true) { 1 } else { 2 }\n$y = @(1, 2) | ForEach-Object { $_ * 2 }\n$z = '{}' | ConvertFrom-Json\n",
    );

    const result = checkPs51Syntax(pwsh, [...scripts, ...badFiles, good]);
    t.equal(result.stderr, '', 'checker ran cleanly');
    t.same(result.checked, [...scripts, ...badFiles, good], 'every file was parsed');
    for (const script of scripts) {
      const found = result.problems.filter((p) => p.file === script);
      t.same(found, [], `${script}: parses, nothing PowerShell 7-only`);
    }
    for (const file of badFiles) {
      const name = file.slice(dir.length + 1);
      const found = result.problems.filter((p) => p.file === file);
      t.ok(
        found.some((p) => bad[name][1].test(p.message)),
        `${name} is caught: ${found.map((p) => p.message).join('; ')}`,
      );
      if (name === 'return.ps1')
        t.equal(found.length, 1, 'return inside a function is fine, only the script-level one counts');
    }
    t.same(
      result.problems.filter((p) => p.file === good),
      [],
      'plain 5.1 code passes',
    );
  },
  false,
);
