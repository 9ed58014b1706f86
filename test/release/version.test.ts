// One version: package.json's, in --version, the JSON tool.version, every script's .NOTES, and CHANGELOG.md (the
// executable's version resource and the release name are checked in release.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import { makeEndpoint } from '../helpers/endpoint';
import { ROOT } from '../helpers/paths';

const VERSION: string = require('../../package.json').version;

t.test('--version and tool.version are the package version', async (t) => {
  const version = await runCli(['--version'], { now: null });
  t.equal(version.stdout.trim(), VERSION);
  const e = makeEndpoint();
  t.teardown(e.remove);
  const run = await runCli(['detect', '--offline', '--format', 'json', '--amp-dir', e.root]);
  t.equal(run.json.tool.version, VERSION);
});

t.test("every script's .NOTES names this release (npm run scripts:sync writes it)", async (t) => {
  for (const folder of ['intune', 'rmm', 'deploy']) {
    for (const file of readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith('.ps1'))) {
      const text = readFileSync(path.join(ROOT, folder, file), 'utf8');
      t.match(
        text,
        new RegExp(`\\.NOTES[\\s\\S]*\\n {4}Release: {5}tetra-doctor ${VERSION.replace(/\./g, '\\.')}\\r?\\n`),
        `${folder}/${file}`,
      );
    }
  }
});

t.test('CHANGELOG.md starts with this release, dated', async (t) => {
  const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const first = /^## (\S+) - (\d{4}-\d{2}-\d{2})$/m.exec(changelog);
  t.equal(first?.[1], VERSION, 'the newest entry is package.json version');
  t.ok(first && !Number.isNaN(Date.parse(first[2]!)), 'with a date');
});
