// The plain command line an Intune or RMM schedule runs every hour, parsed without yargs.
//
// yargs costs about a quarter of `detect --offline`'s own time (loading it, building its parser, parsing). Node's own
// util.parseArgs reads the same command line for a fraction of that. Only a line that is plainly right is read
// here: every option known and given once, every value present and valid for its type and choices. Anything else
// (help, --version, an unknown or repeated option, a missing or odd value, a negative number) returns null and goes
// to yargs, which reads it or words its usage error exactly as before. test/unit/quickParse.test.ts checks that
// both give the same arguments for every line this accepts.
import { parseArgs } from 'node:util';
import type { InferredOptionTypes } from 'yargs';
import type { OptionTable } from '../contract/options';

/** The arguments yargs would give for a table: its values, defaults filled in, and no positionals. */
export type QuickArgs<T extends OptionTable> = InferredOptionTypes<T> & {
  _: Array<string | number>;
  [name: string]: unknown;
};

/** A decimal yargs reads as the same number: no sign, exponent, hex or blanks, which stay yargs' to judge. */
const PLAIN_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

export function quickParse<T extends OptionTable>(argv: readonly string[], table: T): QuickArgs<T> | null {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseArgsOptions(table), strict: true, tokens: true });
  } catch {
    return null;
  }
  const names = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  if (new Set(names).size !== names.length) return null;
  const args: Record<string, unknown> = { _: [] };
  for (const [name, spec] of Object.entries(table)) {
    const given: unknown = parsed.values[name];
    const value = given === undefined ? spec.default : typedValue(spec, given);
    if (value === null) return null;
    if (value !== undefined) args[name] = value;
  }
  // The one cast: the values were built from the same table yargs infers this type from, and
  // test/unit/quickParse.test.ts holds them to what yargs gives.
  return args as QuickArgs<T>;
}

function parseArgsOptions(table: OptionTable): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [name, { type: spec.type === 'boolean' ? 'boolean' : 'string' }]),
  );
}

/** The value as yargs would give it, or null when yargs must judge it. */
function typedValue(spec: OptionTable[string], given: unknown): unknown {
  if (typeof given === 'boolean') return given;
  if (typeof given !== 'string' || given === '') return null;
  if (spec.type === 'number') return PLAIN_NUMBER.test(given) ? Number(given) : null;
  if (spec.choices === undefined) return given;
  const value: unknown = spec.coerce ? spec.coerce(given) : given;
  return spec.choices.some((choice) => choice === value) ? value : null;
}
