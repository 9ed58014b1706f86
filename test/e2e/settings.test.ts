// The settings file (--settings FILE; %ProgramData%\tetra-doctor\settings.json on Windows): each key takes effect,
// the command line wins over it, the result says which values came from it, and a file that is wrong in any way
// (unknown key, wrong type, out of range, not JSON, unreadable, missing when named) is a usage error, exit 2, one
// line on stderr naming the key. The bundled CLI against fixture installs and servers on 127.0.0.1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { BUNDLE, runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { formsOf, PROXY_USER } from '../helpers/secretForms';
import { HOUR, localXml, makeEndpoint, NOW_S, policyXml, postureJson, type EndpointOptions } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { startBlackHole } from '../helpers/servers';

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);

function scratch(t: Test): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-settings-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function settingsFile(t: Test, content: unknown): string {
  const file = path.join(scratch(t), 'settings.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function detect(t: Test, endpoint: EndpointOptions, settings: unknown, args: string[] = []) {
  const e = makeEndpoint(endpoint);
  t.teardown(e.remove);
  const file = settingsFile(t, settings);
  const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--settings', file, ...args]);
  t.equal(run.stderr, '', 'stderr stays empty');
  t.ok(run.json, run.stdout.slice(0, 300));
  return { run, file };
}

const thirtyHoursOld: EndpointOptions = {
  posture: postureJson({ lastSuccess: NOW_S - 30 * HOUR }),
  localXml: localXml({ lastSuccess: NOW_S - 30 * HOUR }),
};

t.test('max-age-hours: a 30-hour-old update is current under 48; the command line wins over the file', async (t) => {
  const { run, file } = await detect(t, thirtyHoursOld, { 'max-age-hours': 48 }, ['--offline']);
  t.equal(run.code, 0);
  t.equal(run.json.status, 'healthy');
  t.same(run.json.settings, { file, keys: ['max-age-hours'] }, 'the result names the file and the key');
  t.same(run.json.path.fromSettings, [], 'no part of the path came from the file');
  const overridden = await detect(t, thirtyHoursOld, { 'max-age-hours': 48 }, ['--offline', '--max-age-hours', '24']);
  t.equal(overridden.run.code, 1, '--max-age-hours 24 wins');
  t.ok(codes(overridden.run).includes('DEFINITIONS_STALE'), 'stale');
  t.same(overridden.run.json.settings.keys, [], 'the file gave nothing');
  const equals = await detect(t, thirtyHoursOld, { 'max-age-hours': 48 }, ['--offline', '--max-age-hours=24']);
  t.equal(equals.run.code, 1, '--max-age-hours=24 wins too');
});

t.test('max-behind: 96 versions behind is fine under 100', async (t) => {
  const servers = await startPath({ latestVersion: 90700 });
  t.teardown(servers.close);
  const { run } = await detect(t, {}, { 'max-behind': 100, proxy: 'none' }, servers.args);
  t.equal(run.json.tetra.versionsBehind, 96);
  t.equal(run.code, 0);
  t.same(codes(run), []);
  t.same(run.json.settings.keys, ['proxy', 'max-behind']);
  t.same(run.json.path.fromSettings, ['proxy'], 'the proxy part of the path came from the file');
  const fromLine = await detect(t, {}, { 'max-behind': 100, proxy: 'none' }, [...servers.args, '--max-behind', '5']);
  t.same(codes(fromLine.run), ['DEFINITIONS_BEHIND', 'CAUSE_UNDETERMINED'], 'the command line wins');
});

t.test(
  'region and proxy: the path the run would probe, said to come from the file; the password never shown',
  async (t) => {
    const { run } = await detect(
      t,
      { policyXml: null },
      { region: 'eu', proxy: 'http://alice:s3cret-pw@127.0.0.1:3128' },
      ['--offline'],
    );
    t.equal(run.json.path.updateServer.url, 'https://tetra-defs.eu.amp.cisco.com/');
    t.equal(run.json.path.updateServer.source, 'region');
    t.equal(run.json.path.proxySource, 'option');
    t.equal(run.json.proxy.host, '127.0.0.1');
    t.equal(run.json.proxy.username, 'alice');
    t.same(run.json.path.fromSettings, ['region', 'proxy']);
    t.notMatch(run.stdout, 's3cret-pw', 'the proxy password is not in the output');
    const nam = await detect(t, { policyXml: null }, { region: 'NAM' }, ['--offline', '--region', 'apjc']);
    t.equal(nam.run.json.path.updateServer.url, 'https://tetra-defs.apjc.amp.cisco.com/', '--region wins');
    t.same(nam.run.json.path.fromSettings, []);
  },
);

t.test('policy-file: read when the local policy.xml is absent', async (t) => {
  const dir = scratch(t);
  const policy = path.join(dir, 'policy.xml');
  writeFileSync(policy, policyXml({ server: 'tetra-defs.example.test' }));
  const { run } = await detect(t, { policyXml: null }, { 'policy-file': policy }, ['--offline']);
  t.equal(run.json.path.policy, 'file');
  t.equal(run.json.path.updateServer.source, 'policy-file');
  t.match(run.json.path.updateServer.url, 'tetra-defs.example.test');
  t.same(run.json.path.fromSettings, ['policy-file']);
});

t.test('timeout-ms: the network checks stop at the file deadline', async (t) => {
  const hole = await startBlackHole();
  t.teardown(hole.close);
  const { run } = await detect(t, {}, { 'timeout-ms': 700, proxy: 'none' }, [
    '--update-server',
    hole.url,
    '--reference-url',
    `${hole.url}versions.id`,
  ]);
  t.ok(codes(run).includes('REFERENCE_UNAVAILABLE') || codes(run).includes('SERVER_UNREACHABLE'), codes(run).join());
  for (const p of run.json.probes)
    t.ok(p.durationMs <= 1500, `${p.name} stopped at the 700 ms deadline (${p.durationMs} ms)`);
});

t.test('posture-timeout-ms: a hung AmpCLI is given up after the file time limit', async (t) => {
  const { run } = await detect(t, { ampCliScript: 'sleep 30' }, { 'posture-timeout-ms': 400 }, ['--offline']);
  t.same(codes(run), ['POSTURE_UNAVAILABLE']);
  t.match(run.json.findings[0].message, /did not finish within 400 ms/);
});

t.test('lang: the localized block is Japanese', async (t) => {
  const { run } = await detect(t, thirtyHoursOld, { lang: 'ja' }, ['--offline']);
  t.equal(run.json.localized?.lang, 'ja');
  const english = await detect(t, thirtyHoursOld, { lang: 'ja' }, ['--offline', '--lang', 'en']);
  t.equal(english.run.json.localized, undefined, '--lang en wins');
});

t.test('a settings file that is wrong in any way is exit 2, one line naming the key or the file', async (t) => {
  const e = makeEndpoint();
  t.teardown(e.remove);
  const dir = scratch(t);
  mkdirSync(path.join(dir, 'a-folder'));
  const cases: Array<[string, string, RegExp]> = [
    ['unknown key', JSON.stringify({ 'max-age-hour': 5 }), /unknown key "max-age-hour"/],
    ['a command-line option that is no setting', JSON.stringify({ 'amp-dir': 'C:\\x' }), /unknown key "amp-dir"/],
    ['wrong type', JSON.stringify({ 'max-age-hours': '48' }), /"max-age-hours" must be a number greater than 0/],
    ['out of range', JSON.stringify({ 'timeout-ms': 0 }), /"timeout-ms" must be a whole number from 1 to 600000/],
    ['not a whole number', JSON.stringify({ 'max-behind': 2.5 }), /"max-behind" must be a whole number/],
    ['unknown region', JSON.stringify({ region: 'mars' }), /"region" must be one of na, eu, apjc/],
    ['unknown language', JSON.stringify({ lang: 'de' }), /"lang" must be "en" or "ja"/],
    ['not a proxy URL', JSON.stringify({ proxy: 'ftp://host:21' }), /"proxy": proxy must be an http:\/\//],
    ['an empty policy file', JSON.stringify({ 'policy-file': '' }), /"policy-file" must be a non-empty string/],
    [
      'a policy file that is missing',
      JSON.stringify({ 'policy-file': path.join(dir, 'none.xml') }),
      /"policy-file".*ENOENT|no such file/,
    ],
    ['a null', JSON.stringify({ lang: null }), /"lang" must be "en" or "ja" \(got null\)/],
    ['not an object', '[1, 2]', /must hold one JSON object/],
    ['not JSON', '{ "region": "eu", }', /not valid JSON/],
  ];
  for (const [name, content, message] of cases) {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, content);
    const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--settings', file]);
    t.equal(run.code, 2, `${name}: exit 2`);
    t.equal(run.stdout, '', `${name}: nothing on stdout`);
    t.equal(run.stderr.trim().split('\n').length, 1, `${name}: one line on stderr`);
    t.match(run.stderr, message, `${name}: ${run.stderr.trim()}`);
  }
  for (const [name, file, message] of [
    ['a folder', path.join(dir, 'a-folder'), /is a directory, not a regular file/],
    ['a missing file', path.join(dir, 'missing.json'), /--settings: .* does not exist/],
  ] as const) {
    const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--settings', file]);
    t.equal(run.code, 2, `${name}: exit 2, never "no settings"`);
    t.match(run.stderr, message, name);
  }
});

t.test('a byte-order mark (Notepad, PowerShell 5.1) is not part of the JSON', async (t) => {
  const { run } = await detect(t, thirtyHoursOld, `\uFEFF${JSON.stringify({ 'max-age-hours': 48 })}`, ['--offline']);
  t.equal(run.code, 0);
});

t.test('without a settings file the result says so', async (t) => {
  const e = makeEndpoint();
  t.teardown(e.remove);
  const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
  t.equal(run.json.settings, null);
  t.same(run.json.path.fromSettings, []);
});

t.test('a proxy password from the file is in no output, even of an error that escapes every command', async (t) => {
  // A password with characters that every encoding changes, so that each form the redactor covers is a new string.
  const password = 'Sx7 p@ss:w/rd&"<é>';
  const proxy = `http://${PROXY_USER}:${encodeURIComponent(password)}@127.0.0.1:3128`;
  const forms = formsOf(password);
  const e = makeEndpoint();
  t.teardown(e.remove);
  const file = settingsFile(t, { proxy });
  // The error quotes the password in every form the redactor covers, as a library quoting its input might.
  const message = `could not serialize for ${proxy}: ${forms.join(' | ')}`;
  const run = await runCli(['detect', '--offline', '--amp-dir', e.root, '--format', 'json', '--settings', file], {
    command: [process.execPath, '--require', path.join(ROOT, 'test', 'helpers', 'escapingError.cjs'), BUNDLE],
    env: { TETRA_FAULT_MESSAGE: message },
  });
  t.equal(run.code, 4, 'the catch-all result: exit 4');
  t.same(codes(run), ['INTERNAL_ERROR'], run.stdout.slice(0, 300));
  t.match(run.json.findings[0].message, /could not serialize for http:\/\/svc-tetra:/, 'the error is reported');
  for (const form of forms) {
    t.notOk(run.stdout.includes(form), `stdout holds no ${JSON.stringify(form)}`);
    t.notOk(run.stderr.includes(form), `stderr holds no ${JSON.stringify(form)}`);
  }
});

t.test('a settings file that is wrong shows no proxy password in its usage error', async (t) => {
  const e = makeEndpoint();
  t.teardown(e.remove);
  const password = 'hunter2-pw';
  const cases: Array<[string, string]> = [
    // The proxy URL put under another key as well: the message quotes that value.
    [
      'the URL under a number key',
      JSON.stringify({ proxy: `http://u:${password}@p:1`, 'max-age-hours': `u:${password}` }),
    ],
    // Not JSON: V8 quotes the text around the unexpected token, and the password with it.
    ['a value without quotes', `{"proxy": u:${password}@p:1}`],
  ];
  for (const [name, content] of cases) {
    const run = await runCli(['detect', '--offline', '--amp-dir', e.root, '--settings', settingsFile(t, content)]);
    t.equal(run.code, 2, `${name}: exit 2`);
    t.notMatch(run.stderr, 'hunter', `${name}: no part of the password on stderr (${run.stderr.trim()})`);
  }
});
