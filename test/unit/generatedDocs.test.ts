// README.md's tables of exit codes, option ranges, line fields and finding codes are generated from src/contract/:
// README.md must be exactly what `npm run docs:contract` would write, so a changed code, range, field or finding
// cannot leave its table behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { EXIT } from '../../src/contract/exitCodes';
import { FINDING_CODES } from '../../src/contract/findings';
import { LINE_FIELDS } from '../../src/contract/lineFields';
import { generatedReadme } from '../../src/cli/generatedDocs';
import { optionRangeDocs } from '../../src/cli/optionRangeDocs';

const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

t.test('README.md holds the tables the contract generates (else run npm run docs:contract)', async (t) => {
  t.ok(README === generatedReadme(README), 'README.md is current: run `npm run docs:contract` and commit README.md');
});

t.test('each generated table has a row for every defined item', async (t) => {
  const region = (name: string) => {
    const start = README.indexOf(`<!-- generated:${name} `);
    return README.slice(start, README.indexOf('<!-- /generated -->', start));
  };
  const rows = (name: string) =>
    region(name)
      .split('\n')
      .filter((l) => l.startsWith('| ')).length - 2; // header and rule
  t.equal(rows('exit-codes'), Object.keys(EXIT).length);
  t.equal(rows('option-ranges'), optionRangeDocs().length);
  t.equal(rows('line-fields'), Object.keys(LINE_FIELDS).length);
  t.equal(rows('finding-codes'), FINDING_CODES.length);
  for (const code of FINDING_CODES) t.match(region('finding-codes'), `\n| ${code} `, code);
});

t.test('a table edited by hand is found, and a region missing is an error', async (t) => {
  const edited = README.replace('| CONNECTOR_NOT_FOUND ', '| CONNECTOR_NOT_THERE ');
  t.not(edited, README);
  t.not(generatedReadme(edited), edited, 'the generator writes the row back');
  t.equal(generatedReadme(edited), README);
  const withoutRegion = README.replace('<!-- generated:line-fields ', '<!-- line-fields ');
  t.throws(() => generatedReadme(withoutRegion), /exactly one region for: line-fields/);
  const unknown = `${README}\n<!-- generated:nothing -->\n<!-- /generated -->\n`;
  t.throws(() => generatedReadme(unknown), /"nothing"/);
});
