// Running as root (elevated), an install folder that non-admins could change is refused by EVERY command, and no
// program in it runs: not AmpCLI.exe, not sfc.exe, not ipsupporttool.exe. Each fake program leaves a mark when it
// runs (<program>.calls beside it, or a marker outside for the link case), so "nothing ran" is checked, not assumed.
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { makeActingEndpoint, type ActingEndpoint } from '../helpers/acting';
import { runCli } from '../helpers/cli';
import { policyXml } from '../helpers/endpoint';

const asRoot =
  process.getuid?.() === 0 ? false : 'needs root: only an elevated run checks who can write the install folder';

interface Tampering {
  name: string;
  /** Weakens the fixture; returns a marker file that exists if a program outside the folder ran. */
  apply(e: ActingEndpoint, t: Test): string | null;
  reason: RegExp;
}

const TAMPERINGS: Tampering[] = [
  {
    name: 'install folder chmod 777',
    apply: (e) => (chmodSync(e.root, 0o777), null),
    reason: /writable by group or others \(mode 777\)/,
  },
  {
    name: 'local.xml chmod 666',
    apply: (e) => (chmodSync(path.join(e.root, 'local.xml'), 0o666), null),
    reason: /local\.xml is writable by group or others/,
  },
  {
    name: 'ipsupporttool.exe chmod 777',
    apply: (e) => (chmodSync(path.join(e.versionDir, 'ipsupporttool.exe'), 0o777), null),
    reason: /ipsupporttool\.exe is writable/,
  },
  {
    name: 'sfc.exe a symbolic link to a root-owned program outside the folder',
    apply: (e, t) => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'tetra-outside-'));
      t.teardown(() => rmSync(outside, { recursive: true, force: true }));
      const marker = path.join(outside, 'ran');
      const program = path.join(outside, 'sfc.exe');
      writeFileSync(program, `#!/bin/sh\necho "$*" >> "${marker}"\nexit 0\n`);
      chmodSync(program, 0o755);
      unlinkSync(path.join(e.versionDir, 'sfc.exe'));
      symlinkSync(program, path.join(e.versionDir, 'sfc.exe'));
      return marker;
    },
    reason: /sfc\.exe leads out of the install folder/,
  },
];

function endpoint(t: Test): ActingEndpoint {
  // Stale (30 h), with a policy that names a proxy: remediate would force an update, probe would use the proxy.
  const e = makeActingEndpoint({
    ageHours: 30,
    update: 'version',
    policy: policyXml({ proxy: { host: '127.0.0.1', port: 9, username: 'svc', password: 'policy-secret-1' } }).replace(
      '<interval>3600</interval>',
      '<interval>1</interval>',
    ),
  });
  t.teardown(e.remove);
  return e;
}

const common = (e: ActingEndpoint) => ['--amp-dir', e.root, '--state-dir', e.stateDir, '--format', 'json'];
const COMMANDS: Record<string, (e: ActingEndpoint) => string[]> = {
  detect: (e) => ['detect', ...common(e), '--offline'],
  probe: (e) => ['probe', ...common(e), '--update-server', 'http://127.0.0.1:9/', '--timeout-ms', '1500'],
  remediate: (e) => [
    'remediate',
    ...common(e),
    '--offline',
    '--wait-seconds',
    '2',
    '--poll-seconds',
    '0.2',
    '--cooldown-minutes',
    '0',
  ],
  collect: (e) => ['collect', ...common(e), '--offline', '--duration', '0', '--support-timeout-seconds', '5'],
};

function nothingRan(t: Test, e: ActingEndpoint, outsideMarker: string | null): void {
  t.same(e.calls('AmpCLI.exe'), [], 'AmpCLI.exe did not run');
  t.same(e.calls('sfc.exe'), [], 'sfc.exe did not run');
  t.same(e.calls('ipsupporttool.exe'), [], 'ipsupporttool.exe did not run');
  if (outsideMarker) t.notOk(existsSync(outsideMarker), 'the program outside the folder did not run');
}

for (const tampering of TAMPERINGS) {
  for (const [command, args] of Object.entries(COMMANDS)) {
    t.test(`${command}: ${tampering.name} -> refused, nothing in the folder runs`, { skip: asRoot }, async (t) => {
      const e = endpoint(t);
      const marker = tampering.apply(e, t);
      const run = await runCli(args(e), { now: null, timeoutMs: 30_000 });
      t.equal(run.stderr, '', 'stderr stays empty');
      t.ok(run.json, `one JSON object: ${run.stdout.slice(0, 200)}`);
      nothingRan(t, e, marker);
      t.match(run.json.sources.policy, { state: 'skipped', reason: tampering.reason }, 'policy.xml was not read');
      t.equal(run.json.proxy, null, "policy.xml's proxy was not used");
      if (command === 'probe') return;
      t.equal(run.code, 4, 'exit 4');
      t.same(
        run.json.findings.map((f: { code: string }) => f.code),
        ['AMP_DIR_UNTRUSTED'],
      );
      t.match(run.json.findings[0].message, tampering.reason);
      if (command === 'remediate')
        t.match(run.json.remediation, { attempted: false, outcome: 'refused', forcedAt: null });
      if (command === 'collect') t.match(run.json.collection, { outcome: 'refused', outputDir: null, attach: [] });
    });
  }
}

t.test('the same fixture, untampered, does run its programs (the marks work)', { skip: asRoot }, async (t) => {
  const e = endpoint(t);
  const run = await runCli(COMMANDS.collect(e), { now: null, timeoutMs: 30_000 });
  t.equal(run.json.collection.outcome, 'complete');
  t.ok(e.calls('AmpCLI.exe').length > 0, 'AmpCLI.exe ran');
  t.same(e.calls('sfc.exe'), ['-l start', '-l stop']);
  t.equal(e.calls('ipsupporttool.exe').length, 1);
});
