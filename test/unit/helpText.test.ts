// --help's exit codes are the contract's, word for word; a mistyped command is answered with the nearest one; an
// option without its value is found wherever it stands; one root cause is one group.
import t from 'tap';
import { optionWithoutValue } from '../../src/cli/missingValues';
import { HELP_EPILOGUE } from '../../src/cli/helpText';
import { unknownCommand } from '../../src/cli/suggest';
import { groupByRootCause, primaryFinding } from '../../src/contract/rootCauses';
import { EXIT, plainMeaning, type ExitName } from '../../src/contract/exitCodes';

t.test("--help's exit codes say what the contract (and README.md's table, generated from it) says", async (t) => {
  for (const name of Object.keys(EXIT) as ExitName[]) {
    t.ok(HELP_EPILOGUE.endpoint.includes(plainMeaning(name)), `--help says what ${name} means`);
    t.notMatch(plainMeaning(name), /`/, 'in plain words');
  }
});

t.test('a mistyped command gets the nearest one', async (t) => {
  const commands = ['detect', 'probe', 'remediate', 'collect', 'fleet', 'policy'];
  t.match(unknownCommand('detec', commands), /did you mean "detect"\?/);
  t.match(unknownCommand('Remediat', commands), /did you mean "remediate"\?/);
  t.match(unknownCommand('porbe', commands), /did you mean "probe"\?/, 'two letters swapped');
  t.match(unknownCommand('xyz', commands), /name one of detect, probe/);
  t.ok(unknownCommand('x'.repeat(5000), commands).length < 200, 'what was typed is echoed bounded');
});

t.test('an option that takes a value and has none', async (t) => {
  const options = { key: { 'amp-dir': true, format: true, offline: true, help: true }, boolean: ['offline', 'help'] };
  t.equal(optionWithoutValue(['--amp-dir', '--format', 'line'], options), 'amp-dir');
  t.equal(optionWithoutValue(['--offline', '--format'], options), 'format', 'last on the line');
  t.equal(optionWithoutValue(['--amp-dir='], options), 'amp-dir', 'an empty --name=');
  t.equal(optionWithoutValue(['--offline', '--amp-dir', 'C:\\AMP', '--format=json'], options), null);
  t.equal(optionWithoutValue(['--', '--amp-dir'], options), null, 'nothing after -- is an option');
  t.equal(optionWithoutValue(['--format', ''], options), null, 'an empty argument of its own is a value');
});

t.test("the connector's last error and the probe that reproduces it are one cause", async (t) => {
  const findings = [
    { code: 'DEFINITIONS_STALE' },
    { code: 'LASTERROR_PROXY_AUTH' },
    { code: 'PROXY_AUTH_REJECTED' },
    { code: 'REFERENCE_UNAVAILABLE' },
  ];
  t.same(
    groupByRootCause(findings).map((g) => g.map((f) => f.code)),
    [['DEFINITIONS_STALE'], ['LASTERROR_PROXY_AUTH', 'PROXY_AUTH_REJECTED'], ['REFERENCE_UNAVAILABLE']],
  );
  t.equal(primaryFinding(findings)?.code, 'LASTERROR_PROXY_AUTH', 'the first cause is the primary one');
  t.equal(
    primaryFinding([{ code: 'DEFINITIONS_STALE' }, { code: 'CONNECTOR_NOT_RUNNING' }])?.code,
    'CONNECTOR_NOT_RUNNING',
  );
});
