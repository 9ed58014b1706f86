// What the docs say of the contract is generated from it, by `npm run docs:contract`:
// - README.md's tables of exit codes, option ranges, line fields and finding codes, each between
//   `<!-- generated:NAME ... -->` and `<!-- /generated -->`, aligned the way Prettier aligns them (format:check
//   agrees); test/unit/generatedDocs.test.ts fails while README.md differs from what this would write;
// - the list of codes the deploy/ cause queries leave out (the ones fleet does not count as causes: explainsTrouble),
//   which build/deploy-templates.mjs then copies into the templates; test/unit/deployTemplates.test.ts checks both.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, EXIT_MEANINGS, STATUS_OF_EXIT, type ExitName } from '../contract/exitCodes';
import { FINDING_CODES, FINDINGS, type FindingRole } from '../contract/findings';
import { LINE_FIELDS, type LineField } from '../contract/lineFields';
import { rangeCell } from '../contract/options';
import { explainsTrouble } from '../contract/rootCauses';
import { optionRangeDocs } from './optionRangeDocs';

/** The severity column of the finding-code table: a cause is an error while unhealthy, a warning while current. */
const README_SEVERITY: Record<FindingRole, string> = {
  applicability: 'info',
  refusal: 'error',
  state: 'error',
  cause: 'cause',
  notice: 'warning',
};

const code = (text: string | number) => `\`${text}\``;

type Table = { header: string[]; rows: string[][] };

const TABLES: Record<string, () => Table> = {
  'exit-codes': () => ({
    header: ['code', 'name', 'status', 'meaning'],
    rows: (Object.keys(EXIT) as ExitName[]).map((name) => {
      const status = STATUS_OF_EXIT[name];
      return [String(EXIT[name]), code(name), status === null ? '' : code(status), EXIT_MEANINGS[name]];
    }),
  }),
  'option-ranges': () => ({
    header: ['option', 'command', 'range'],
    rows: optionRangeDocs().map((o) => [
      `${code(`--${o.name}`)}${o.hidden ? ' (hidden)' : ''}`,
      o.commands,
      rangeCell(o.range),
    ]),
  }),
  'line-fields': () => ({
    header: ['key', 'value'],
    rows: Object.values(LINE_FIELDS).map((f: LineField<unknown>) => [code(f.key), f.meaning]),
  }),
  'finding-codes': () => ({
    header: ['code', 'severity', 'meaning'],
    rows: FINDING_CODES.map((c) => [c, README_SEVERITY[FINDINGS[c].role], FINDINGS[c].meaning]),
  }),
};

/** A Markdown table as Prettier writes it: each column as wide as its widest cell (at least 3), `|` escaped. */
function markdownTable({ header, rows }: Table): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  for (const cell of cells.flat())
    if (!/^[\x20-\x7e]*$/.test(cell)) throw new Error(`README tables hold printable ASCII only: ${cell}`);
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const REGION = /(<!-- generated:([a-z-]+)\b[^>]*-->\n)[\s\S]*?(<!-- \/generated -->)/g;

/** README.md's text with every generated table written from the contract; each table must have its region. */
export function generatedReadme(readme: string): string {
  const seen: string[] = [];
  const result = readme.replace(REGION, (_, open: string, name: string, close: string) => {
    const table = TABLES[name];
    if (!table) throw new Error(`README.md names a generated table "${name}" that generatedDocs.ts does not make`);
    seen.push(name);
    return `${open}\n${markdownTable(table())}\n\n${close}`;
  });
  const missing = Object.keys(TABLES).filter((name) => seen.filter((n) => n === name).length !== 1);
  if (missing.length > 0) throw new Error(`README.md needs exactly one region for: ${missing.join(', ')}`);
  return result;
}

/** The cause queries of deploy/, and where each lists the codes it leaves out. */
const CAUSE_QUERIES: Record<string, RegExp> = {
  'deploy/azure/queries/causes.kql': /(notCauses = dynamic\(\[)[^\]]*(\]\))/,
  'deploy/azure/queries/cause-trend.kql': /(notCauses = dynamic\(\[)[^\]]*(\]\))/,
  'deploy/splunk/searches/causes.spl': /(NOT cause IN \()[^)]*(\))/,
  'deploy/splunk/searches/cause-trend.spl': /(NOT cause IN \()[^)]*(\))/,
};

/** A cause query with its list of left-out codes written from the finding records. */
function generatedQuery(text: string, list: RegExp): string {
  if (!list.test(text)) throw new Error(`no list of left-out codes (${list.source})`);
  const notCauses = FINDING_CODES.filter((c) => !explainsTrouble(c)).map((c) => `"${c}"`);
  return text.replace(list, (_, open: string, close: string) => `${open}${notCauses.join(', ')}${close}`);
}

/** Rewrites a file with what `generate` makes of it, and says whether that changed it. */
function rewrite(file: string, generate: (text: string) => string, what: string): void {
  const text = readFileSync(path.resolve(file), 'utf8');
  const generated = generate(text);
  if (generated !== text) writeFileSync(path.resolve(file), generated);
  console.log(`${generated === text ? 'unchanged' : 'updated  '} ${file} (${what})`);
}

/** `npm run docs:contract`: rewrites README.md's generated tables and the cause queries' lists in place. */
export function main(): void {
  rewrite('README.md', generatedReadme, Object.keys(TABLES).join(', '));
  for (const [file, list] of Object.entries(CAUSE_QUERIES))
    rewrite(file, (text) => generatedQuery(text, list), 'the codes that are not causes');
}
