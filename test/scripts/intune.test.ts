// The Intune detection and remediation scripts, run as Intune runs them, against fake tetra-doctor executables.
import t from 'tap';
import { promptLimit } from '../helpers/cli';
import { join } from 'node:path';
import {
  INTUNE_DIR,
  PWSH_FILE_TIMEOUT_MS,
  fakeExe,
  isAlive,
  isPrintableAscii,
  runMany,
  runScript,
  tempDir,
  toolLine,
  withPwsh,
  type ScriptRun,
} from '../helpers/pwsh';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const DETECT = join(INTUNE_DIR, 'Detect-TetraDefinitions.ps1');
const REMEDIATE = join(INTUNE_DIR, 'Remediate-TetraDefinitions.ps1');

// docs/intune.md: tetra-doctor exit code -> Intune exit code, and how the summary line starts.
const MAPPING: Array<{ code: number; status: string; intune: number; prefix: string }> = [
  { code: 0, status: 'healthy', intune: 0, prefix: 'HEALTHY: ' },
  { code: 1, status: 'unhealthy', intune: 1, prefix: 'UNHEALTHY: ' },
  { code: 2, status: 'usage', intune: 1, prefix: 'ERROR: tetra-doctor rejected its command line (exit 2)' },
  { code: 3, status: 'not_applicable', intune: 0, prefix: 'NOT APPLICABLE (exit 3' },
  { code: 4, status: 'undetermined', intune: 1, prefix: 'UNDETERMINED (exit 4' },
  { code: 5, status: 'busy', intune: 0, prefix: 'BUSY (exit 5' },
];

/** What every run of an Intune script must satisfy, whatever the executable did. */
function assertIntuneContract(t: any, run: ScriptRun, label = ''): void {
  t.equal(run.stderr, '', `${label}nothing on stderr`);
  t.ok(
    run.lastLine.length > 0 && run.lastLine.length <= 2048,
    `${label}last line has 1-2048 characters (${run.lastLine.length})`,
  );
  t.ok(isPrintableAscii(run.lastLine), `${label}last line is printable ASCII`);
  t.ok(
    run.stdoutBytes.every((b) => b < 0x80),
    `${label}stdout is pure ASCII`,
  );
}

withPwsh(
  t,
  'detect maps every tetra-doctor exit code; remediate runs "remediate" with the same mapping',
  async (t, pwsh) => {
    const { dir, cleanup } = tempDir('td-intune-map-');
    t.teardown(cleanup);
    const cases = [
      ...MAPPING.map((m) => ({ ...m, script: DETECT, command: 'detect' })),
      ...MAPPING.filter((m) => [1, 5].includes(m.code)).map((m) => ({ ...m, script: REMEDIATE, command: 'remediate' })),
    ].map((c) => {
      const line = toolLine(c.status, c.code, c.command === 'remediate' ? ' remediation=updated' : '');
      // Every fake also writes to stderr: the script's own stderr must stay empty regardless.
      const exe =
        c.code === 2
          ? fakeExe(dir, { stderr: 'Unknown argument: --bogus\n', exitCode: 2 })
          : fakeExe(dir, {
              stdout: `progress noise\n${line}\n`,
              stderr: 'diagnostic chatter on stderr\n',
              exitCode: c.code,
            });
      return { ...c, line, exe };
    });
    const runs = await runMany(
      pwsh,
      cases.map((c) => ({ script: c.script, args: ['-ExePath', c.exe.path] })),
    );
    cases.forEach((c, i) => {
      const run = runs[i];
      const label = `${c.command} exit ${c.code}: `;
      t.equal(run.code, c.intune, `${label}tetra-doctor ${c.code} -> Intune ${c.intune}`);
      assertIntuneContract(t, run, label);
      t.ok(run.lastLine.startsWith(c.prefix), `${label}line starts with "${c.prefix}": ${run.lastLine.slice(0, 100)}`);
      if (c.code === 2)
        t.match(run.lastLine, /Unknown argument: --bogus/, `${label}usage error quotes tetra-doctor's stderr`);
      else t.ok(run.lastLine.endsWith(c.line), `${label}ends with tetra-doctor's line`);
      t.same(c.exe.args(), [c.command, '--format', 'line'], `${label}runs "${c.command} --format line"`);
    });
  },
);

withPwsh(t, 'a hung executable is killed with its children at the timeout and reported as ERROR', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-intune-hang-');
  t.teardown(cleanup);
  const exe = fakeExe(dir, { stdout: 'starting\n', hang: true });
  const run = await runScript(pwsh, DETECT, ['-ExePath', exe.path, '-TimeoutSeconds', '2']);
  t.equal(run.code, 1, 'exit 1');
  assertIntuneContract(t, run);
  t.match(run.lastLine, /^ERROR: tetra-doctor did not finish within 2 s and was stopped/);
  // The fake sleeps 300 s; the script must come back long before (pwsh start-up included).
  const limit = await promptLimit(60_000, 300_000);
  t.ok(run.ms < limit, `bounded time (${run.ms} ms, limit ${limit} ms)`);
  const pids = exe.pids();
  t.equal(pids.length, 2, 'fake and its child both started');
  for (const pid of pids) t.notOk(isAlive(pid), `pid ${pid} was killed`);
});

withPwsh(
  t,
  'missing executable, default path, crashes, garbage and bad parameters are ERROR, exit 1',
  async (t, pwsh) => {
    const { dir, cleanup } = tempDir('td-intune-err-');
    t.teardown(cleanup);
    const garbage = Buffer.alloc(100_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    const cases: Array<{ name: string; script: string; args: string[]; env?: Record<string, string>; expect: RegExp }> =
      [
        {
          name: 'missing',
          script: REMEDIATE,
          args: ['-ExePath', join(dir, 'no-such-tetra-doctor.exe')],
          expect: /^ERROR: tetra-doctor executable not found: .*no-such-tetra-doctor\.exe$/,
        },
        // No -ExePath, as Intune runs it: ProgramW6432 wins (the 32-bit host's ProgramFiles is the x86 folder) ...
        {
          name: 'default path (ProgramW6432)',
          script: DETECT,
          args: [],
          env: { ProgramW6432: '/nonexistent/pf64', ProgramFiles: '/nonexistent/pf86' },
          expect: /not found: \/nonexistent\/pf64\\tetra-doctor\\tetra-doctor\.exe$/,
        },
        // ... and ProgramFiles is used only when ProgramW6432 is empty.
        {
          name: 'default path (ProgramFiles)',
          script: DETECT,
          args: [],
          env: { ProgramW6432: '', ProgramFiles: '/nonexistent/pf86' },
          expect: /not found: \/nonexistent\/pf86\\tetra-doctor\\tetra-doctor\.exe$/,
        },
        {
          name: 'crash 139',
          script: REMEDIATE,
          args: ['-ExePath', fakeExe(dir, { stderr: 'Segmentation fault\n', exitCode: 139 }).path],
          expect: /^ERROR: tetra-doctor ended with unexpected exit code 139 \(crashed\?\); stderr: Segmentation fault$/,
        },
        {
          name: 'node crash (exit 1, stack on stderr, no line)',
          script: DETECT,
          args: [
            '-ExePath',
            fakeExe(dir, {
              stderr: 'TypeError: x is not a function\n    at main (tetra-doctor.cjs:1:1)\n',
              exitCode: 1,
            }).path,
          ],
          expect:
            /^ERROR: tetra-doctor exited with code 1 but its output is not tetra-doctor line output: \(empty\); stderr: TypeError: x is not a function at main \(tetra-doctor\.cjs:1:1\)$/,
        },
        {
          name: 'binary garbage with exit 0',
          script: DETECT,
          args: ['-ExePath', fakeExe(dir, { stdout: garbage, exitCode: 0 }).path],
          expect: /^ERROR: tetra-doctor exited with code 0 but its output is not tetra-doctor line output: /,
        },
        {
          name: 'bad -TimeoutSeconds',
          script: DETECT,
          args: ['-ExePath', fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n` }).path, '-TimeoutSeconds', 'soon'],
          expect: /^ERROR: Detect-TetraDefinitions\.ps1 failed: -TimeoutSeconds must be a whole number/,
        },
      ];
    const runs = await runMany(
      pwsh,
      cases.map((c) => ({ script: c.script, args: c.args, options: { env: c.env } })),
    );
    cases.forEach((c, i) => {
      t.equal(runs[i].code, 1, `${c.name}: exit 1 (never silently healthy)`);
      assertIntuneContract(t, runs[i], `${c.name}: `);
      t.match(runs[i].lastLine, c.expect, `${c.name}: ${runs[i].lastLine.slice(0, 160)}`);
    });
  },
);

withPwsh(t, 'big, non-ASCII and over-long output; extra arguments; unknown parameters', async (t, pwsh) => {
  const { dir, cleanup } = tempDir('td-intune-out-');
  t.teardown(cleanup);
  const healthy = toolLine('healthy', 0);
  // 1 MiB on stdout and 256 KiB on stderr: more than any pipe buffer, so reading one stream after the other
  // would deadlock.
  const big = fakeExe(dir, {
    stdout: `${'noise line\n'.repeat(100_000)}${healthy}\n`,
    stderr: 'warning: something\n'.repeat(14_000),
    exitCode: 0,
  });
  const long = `${toolLine('unhealthy', 1)}${' r\u00e9sum\u00e9 \u5b9a\u7fa9 \ud83d\ude00'.repeat(400)}`;
  const wide = fakeExe(dir, { stdout: Buffer.from(`${long}\n`, 'utf8'), exitCode: 1 });
  const args = fakeExe(dir, { stdout: `${healthy}\n`, exitCode: 0 });
  const [bigRun, wideRun, argsRun, unknownRun] = await runMany(pwsh, [
    { script: DETECT, args: ['-ExePath', big.path, '-TimeoutSeconds', '20'] },
    { script: DETECT, args: ['-ExePath', wide.path] },
    // Intune passes no arguments, people add some. A value that starts with "-" and holds a ":" would be read by
    // -File as "-name:value", hence the leading space.
    {
      script: DETECT,
      args: ['-ExePath', args.path, '-ExtraArguments', ' --max-age-hours 48 --proxy http://proxy.example:8080'],
    },
    // An unknown one is the script's ERROR line (never an error on stderr, never a run with the defaults).
    { script: DETECT, args: ['-ExePath', args.path, '-NoSuchParameter', 'x'] },
  ]);
  t.equal(bigRun.code, 0);
  assertIntuneContract(t, bigRun, 'big: ');
  t.equal(bigRun.lastLine, `HEALTHY: ${healthy}`);

  t.equal(wideRun.code, 1);
  assertIntuneContract(t, wideRun, 'wide: ');
  t.equal(wideRun.lastLine.length, 2048, 'cut to 2048 characters');
  t.ok(
    wideRun.lastLine.startsWith('UNHEALTHY: TETRA-DOCTOR status=unhealthy exit=1 host=PC1'),
    'verdict and fields survive the cut',
  );
  t.match(wideRun.lastLine, / r\?sum\? \?\? /, 'non-ASCII characters became ?');
  t.ok(wideRun.lastLine.endsWith('...'), 'the cut is marked');

  t.equal(argsRun.code, 0);
  assertIntuneContract(t, argsRun, 'args: ');
  t.same(args.args(), ['detect', '--format', 'line', '--max-age-hours', '48', '--proxy', 'http://proxy.example:8080']);
  t.equal(unknownRun.code, 1, 'an unknown parameter is an issue');
  assertIntuneContract(t, unknownRun, 'unknown: ');
  t.equal(unknownRun.lastLine, 'ERROR: Detect-TetraDefinitions.ps1 failed: unknown parameter -NoSuchParameter');
});
