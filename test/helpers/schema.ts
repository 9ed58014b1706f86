// Every JSON the CLI writes is checked against the published schema (schema/*.schema.json) with ajv, the way a
// consumer of the contract would check it: runCli validates each JSON result it parses, so every test that runs a
// command with --format json checks the contract too.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT } from './paths';

const SCHEMA_FOR_COMMAND: Record<string, SchemaName> = {
  detect: 'result',
  probe: 'result',
  remediate: 'result',
  collect: 'result',
  fleet: 'fleet-report',
  policy: 'policy-report',
  'intune deploy': 'intune-deploy',
};

type SchemaName = 'result' | 'fleet-report' | 'fleet-row' | 'policy-report' | 'intune-deploy';

let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

/** The compiled validator of schema/<name>.schema.json. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    // x-kusto-type is the row schema's note of each column's Log Analytics type: an annotation, not a check.
    ajv ??= addFormats(new Ajv({ allErrors: true, keywords: ['x-kusto-type'] }));
    const file = path.join(ROOT, 'schema', `${name}.schema.json`);
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
    compiled.set(name, validate);
  }
  return validate;
}

/** The schema errors of a JSON document the CLI wrote, as text; null when it is valid or is no result of ours. */
export function schemaErrors(json: unknown): string | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const { command } = json as { command?: unknown };
  const name = typeof command === 'string' ? SCHEMA_FOR_COMMAND[command] : undefined;
  if (!name || !('schemaVersion' in json)) return null;
  const validate = schemaValidator(name);
  if (validate(json)) return null;
  // One line per distinct break (the same one on each of 200 rows is said once), naming the property at fault.
  const breaks = new Set(
    (validate.errors ?? []).map((e) => {
      const where = e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*') || '(top)';
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${where} ${e.message ?? 'is invalid'}${extra ? `: ${extra}` : ''}`;
    }),
  );
  return `${command} JSON breaks schema/${name}.schema.json: ${[...breaks].join('; ')}`;
}
