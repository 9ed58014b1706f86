// Microsoft's Kusto language service (@kusto/language-service-next, the parser behind Log Analytics' editor) checks
// the KQL shipped in deploy/azure against the table the template creates: its columns come from the row schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

// The language service is a Bridge.NET script that defines globals.
require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');

const Kusto = (globalThis as any).Kusto;

export const TABLE = 'TetraDoctor_CL';

/** The table's columns: TimeGenerated (set by the rule's transform), then each row property with its x-kusto-type. */
export function tableColumns(): Array<[string, string]> {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'fleet-row.schema.json'), 'utf8')) as {
    properties: Record<string, { 'x-kusto-type': string }>;
  };
  return [
    ['TimeGenerated', 'datetime'],
    ...Object.entries(schema.properties).map(([name, p]) => [name, p['x-kusto-type']] as [string, string]),
  ];
}

let globals: unknown = null;

/** The errors the language service finds in a query against the table (empty when it parses and binds). */
export function kqlErrors(query: string): string[] {
  if (!globals) {
    const S = Kusto.Language.Symbols;
    const schema = `(${tableColumns()
      .map(([n, t]) => `${n}:${t}`)
      .join(', ')})`;
    const table = new S.TableSymbol.$ctor7(TABLE, schema, '');
    globals = Kusto.Language.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.ctor('workspace', [table]));
  }
  const diagnostics = Kusto.Language.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const errors: string[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (String(d.Severity) === 'Error')
      errors.push(`${d.Message} at ${d.Start}: ${JSON.stringify(query.slice(d.Start, d.Start + 30))}`);
  }
  return errors;
}
