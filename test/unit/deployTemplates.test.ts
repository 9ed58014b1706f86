// The fleet history's deployable pieces (deploy/azure, deploy/splunk) against their sources: the table and the rule
// carry the row schema's columns, every KQL query (the files and the workbook's) parses and binds under Microsoft's
// Kusto language service against that table, every SPL search reads as SPL over the same columns (test/helpers/spl.ts
// says what that checks and why no parser does it), the cause lists match the finding codes, and the generated files are
// what build/deploy-templates.mjs writes from the sources.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FINDING_ROLES } from '../../src/contract/findings';
import { explainsTrouble } from '../../src/contract/rootCauses';
import { kqlErrors, tableColumns, TABLE } from '../helpers/kusto';
import { splErrors } from '../helpers/spl';
import { ROOT } from '../helpers/paths';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const QUERIES = path.join(ROOT, 'deploy', 'azure', 'queries');
const kqlFiles = readdirSync(QUERIES).filter((f) => f.endsWith('.kql'));

interface Column {
  name: string;
  type: string;
}
interface Resource {
  type: string;
  properties: Record<string, any>;
}
const template = JSON.parse(read('deploy/azure/tetra-doctor.json')) as { resources: Resource[] };
const resource = (type: string) => template.resources.find((r) => r.type === type)!;
const workbook = JSON.parse(read('deploy/azure/workbook.json')) as {
  items: Array<{ type: number; name: string; content: { query?: string } }>;
};

t.test('the language service finds errors: a column the table lacks, a misspelt operator', async (t) => {
  t.match(kqlErrors(`${TABLE} | project nope`).join(), /nope/);
  t.match(kqlErrors(`${TABLE} | sumarize count()`).join(), /operator/i);
  t.same(kqlErrors(`${TABLE} | summarize count() by status`), []);
});

t.test('every query in deploy/azure/queries parses and binds against the table', async (t) => {
  t.ok(kqlFiles.length >= 8, kqlFiles.join(', '));
  for (const file of kqlFiles) t.same(kqlErrors(readFileSync(path.join(QUERIES, file), 'utf8')), [], file);
});

t.test("every workbook query parses and binds, and the workbook shows every query file's panel", async (t) => {
  const queries = workbook.items.filter((i) => i.type === 3);
  t.same(queries.map((q) => `${q.name}.kql`).sort(), [...kqlFiles].sort());
  for (const item of queries) t.same(kqlErrors(item.content.query!), [], item.name);
  const armWorkbook = JSON.parse(resource('Microsoft.Insights/workbooks').properties.serializedData);
  t.same(armWorkbook, workbook, 'the template deploys the same workbook');
});

t.test('the table and the rule carry the row schema columns, with their types', async (t) => {
  const table = resource('Microsoft.OperationalInsights/workspaces/tables').properties.schema;
  t.equal(table.name, TABLE);
  const expected = tableColumns().map(([name, type]) => ({ name, type }));
  t.same(table.columns as Column[], expected);
  const rule = resource('Microsoft.Insights/dataCollectionRules').properties;
  t.same(
    rule.streamDeclarations['Custom-TetraDoctor_CL'].columns,
    expected.slice(1),
    'TimeGenerated is set by the rule',
  );
  const flow = rule.dataFlows[0];
  t.same(flow.streams, ['Custom-TetraDoctor_CL']);
  t.equal(flow.outputStream, 'Custom-TetraDoctor_CL');
  t.same(kqlErrors(flow.transformKql.replace(/^source\b/, TABLE)), [], 'the transform binds');
});

t.test('the cause queries leave out exactly the codes the fleet report does not count as causes', async (t) => {
  // The same rule as fleet's cause bars (src/contract/rootCauses.ts): causes, and the verdicts that are their own.
  const notCauses = Object.keys(FINDING_ROLES)
    .filter((code) => !explainsTrouble(code))
    .sort();
  const listed = (text: string, pattern: RegExp) =>
    [...(pattern.exec(text)?.[1] ?? '').matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]).sort();
  const current = (file: string) => `${file}: current (npm run docs:contract writes the list)`;
  for (const file of ['causes.kql', 'cause-trend.kql'])
    t.same(
      listed(read(`deploy/azure/queries/${file}`), /notCauses = dynamic\(\[([^\]]*)\]\)/),
      notCauses,
      current(file),
    );
  for (const file of ['causes.spl', 'cause-trend.spl'])
    t.same(listed(read(`deploy/splunk/searches/${file}`), /NOT cause IN \(([^)]*)\)/), notCauses, current(file));
});

t.test(
  'every SPL search uses known commands and functions, and only fields that exist when it uses them',
  async (t) => {
    const searches = readdirSync(path.join(ROOT, 'deploy', 'splunk', 'searches'));
    t.ok(searches.length >= 8);
    for (const file of searches) t.same(splErrors(read(`deploy/splunk/searches/${file}`)), [], file);
    // The check can fail: each of these breaks a panel (a typo in a field, a command, a function, a parenthesis).
    const good = read('deploy/splunk/searches/status-share.spl');
    t.same(splErrors(good.replace('BY status', 'BY stauts')), ['field "stauts" in stats exists nowhere before']);
    t.same(splErrors(good.replace('| stats', '| stat')), ['unknown command "stat"']);
    t.same(splErrors(good.replace('round(', 'rnd(')), ['unknown function "rnd" in eval']);
    t.same(splErrors(good.replace('round(', 'round((')), ['a "(" without its ")"']);
    t.same(splErrors(good.replace('| fields status endpoints share', '| fields status endpoint share')), [
      'field "endpoint" in fields exists nowhere before',
    ]);
    t.same(splErrors(good.replace('sourcetype=tetra_doctor', 'sourcetype=tetra-doctor')).length, 1);
  },
);

t.test('the Splunk dashboard has the same panels as the workbook, each with its search', async (t) => {
  const dashboard = JSON.parse(read('deploy/splunk/dashboard.json')) as {
    visualizations: Record<string, { dataSources: { primary: string } }>;
    dataSources: Record<string, { type: string; options: { query: string } }>;
    layout: { structure: Array<{ item: string }> };
  };
  const panels = workbook.items.filter((i) => i.type === 3).map((i) => `viz_${i.name}`);
  t.same(Object.keys(dashboard.visualizations), panels);
  t.same(
    dashboard.layout.structure.map((s) => s.item),
    panels,
  );
  for (const [name, viz] of Object.entries(dashboard.visualizations)) {
    const source = dashboard.dataSources[viz.dataSources.primary];
    t.equal(source.type, 'ds.search', name);
    t.match(source.options.query, /^sourcetype=tetra_doctor /, name);
    t.same(splErrors(source.options.query), [], `${name}: its search reads as SPL`);
  }
});

t.test('the committed templates are what build/deploy-templates.mjs writes from their sources', async (t) => {
  const { generated } = (await import(path.join(ROOT, 'build', 'deploy-templates.mjs'))) as {
    generated(): Promise<Record<string, string>>;
  };
  for (const [file, text] of Object.entries(await generated()))
    t.equal(read(file), text, `${file} is current (run npm run deploy:templates)`);
});
