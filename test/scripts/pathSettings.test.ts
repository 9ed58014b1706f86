// $SettingRegion and $SettingPolicyFile, set once in a script's settings for a whole fleet, reach tetra-doctor's
// command line in every Intune and RMM script (run under pwsh against a fake tetra-doctor).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import t from 'tap';
import {
  INTUNE_DIR,
  PWSH_FILE_TIMEOUT_MS,
  RMM_DIR,
  fakeExe,
  runMany,
  tempDir,
  toolLine,
  withPwsh,
} from '../helpers/pwsh';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const SCRIPTS = [
  { file: join(INTUNE_DIR, 'Detect-TetraDefinitions.ps1'), command: 'detect' },
  { file: join(INTUNE_DIR, 'Remediate-TetraDefinitions.ps1'), command: 'remediate' },
  { file: join(RMM_DIR, 'Invoke-TetraDoctor.ps1'), command: 'detect' },
  { file: join(RMM_DIR, 'DattoRMM-TetraDoctor.ps1'), command: 'detect' },
  {
    file: join(RMM_DIR, 'NinjaOne-TetraDoctor.ps1'),
    command: 'detect',
    args: ['-NinjaCliPath', '/nonexistent/ninjarmm-cli'],
  },
];

const POLICY = 'C:\\ProgramData\\tetra doctor\\policy.xml';

/** The script as an admin edits it: the two settings filled in, everything else untouched. */
function edited(dir: string, file: string, region: string, policyFile: string): string {
  const text = readFileSync(file, 'utf8');
  const out = text
    .replace(/^\$SettingRegion = ''/m, `$SettingRegion = '${region}'`)
    .replace(/^\$SettingPolicyFile = ''/m, `$SettingPolicyFile = '${policyFile}'`);
  if (region && out === text) throw new Error(`${file} has no $SettingRegion / $SettingPolicyFile settings`);
  const copy = join(dir, basename(file));
  writeFileSync(copy, out);
  return copy;
}

withPwsh(
  t,
  'every script passes --region and --policy-file from its settings, and nothing when they are empty',
  async (t, pwsh) => {
    const { dir, cleanup } = tempDir('td-path-settings-');
    t.teardown(cleanup);
    const jobs = SCRIPTS.flatMap((s, i) => {
      const setDir = tempDir(`td-path-set-${i}-`);
      t.teardown(setDir.cleanup);
      const set = {
        ...s,
        exe: fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n` }),
        copy: edited(setDir.dir, s.file, 'eu', POLICY),
        extra: ['-ExtraArguments', '--max-age-hours 48'],
      };
      const unset = {
        ...s,
        exe: fakeExe(dir, { stdout: `${toolLine('healthy', 0)}\n` }),
        copy: s.file,
        extra: [] as string[],
      };
      return [set, unset];
    });
    const runs = await runMany(
      pwsh,
      jobs.map((j) => ({ script: j.copy, args: ['-ExePath', j.exe.path, ...j.extra, ...(j.args ?? [])] })),
    );
    jobs.forEach((job, i) => {
      const name = `${basename(job.file)}${job.extra.length ? ' (settings filled in)' : ''}`;
      t.equal(runs[i].stderr, '', `${name}: nothing on stderr`);
      const expected = job.extra.length
        ? [job.command, '--format', 'line', '--region', 'eu', '--policy-file', POLICY, '--max-age-hours', '48']
        : [job.command, '--format', 'line'];
      t.same(job.exe.args(), expected, `${name}: ${expected.slice(3).join(' ') || 'no extra arguments'}`);
    });
  },
);
