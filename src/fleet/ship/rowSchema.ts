// The published row schema (schema/fleet-row.schema.json) checks every row before it leaves: a row that breaks it
// (a finding code that is no code, a device name past 256 characters) is never sent, and is counted as failed.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import rowSchema from '../../../schema/fleet-row.schema.json';
import type { FleetRow } from './rows';

/** The row's schema errors in a few words, or null when it is valid. */
export type RowCheck = (row: FleetRow) => string | null;

export function rowChecker(): RowCheck {
  // x-kusto-type is each column's Log Analytics type (deploy/azure reads it): an annotation, not a check.
  const ajv = addFormats(new Ajv({ allErrors: false, keywords: ['x-kusto-type'] }));
  const validate = ajv.compile(rowSchema);
  return (row) => (validate(row) ? null : ajv.errorsText(validate.errors, { dataVar: 'row' }));
}
