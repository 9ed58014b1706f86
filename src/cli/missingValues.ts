// An option that takes a value but was given none ("--amp-dir --format line", "--state-dir" last) is a usage error:
// yargs would read it as an empty string, `true` or the default, and the run would go on with something nobody typed.
import { UsageError } from '../contract/options';

/** The part of yargs' parsed option declarations this needs: every declared name, and those that take no value. */
export interface ParserOptions {
  key: Record<string, unknown>;
  boolean: string[];
}

declare module 'yargs' {
  interface Argv {
    /** yargs' own (yargs-factory.js), missing from @types/yargs: the options declared so far. */
    getOptions(): ParserOptions;
  }
}

/** The first `--name` of argv that takes a value and has none: nothing follows it, or another option does. */
export function optionWithoutValue(argv: readonly string[], options: ParserOptions): string | null {
  const flags = new Set(options.boolean);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (!token.startsWith('--')) continue;
    const equals = token.indexOf('=');
    const name = token.slice(2, equals === -1 ? undefined : equals);
    if (!Object.hasOwn(options.key, name) || flags.has(name) || name === 'help' || name === 'version') continue;
    const value = equals === -1 ? argv[i + 1] : token.slice(equals + 1);
    // An empty argument of its own is a value (`policy --product ""` means every product); `--name=` is not.
    if (value === undefined || (equals === -1 ? value.startsWith('--') : value === '')) return name;
  }
  return null;
}

export function rejectMissingValues(argv: readonly string[], options: ParserOptions): void {
  const name = optionWithoutValue(argv, options);
  if (name !== null) throw new UsageError(`--${name} needs a value`);
}
