// Renders a result in the chosen format with every secret removed. Colour is the caller's choice: the CLI asks
// for it only for a terminal on stdout; files (the support bundle's report) always get plain text.
import type { OutputFormat, Language } from '../options';
import type { Secrets } from '../types';
import { renderJson } from './json';
import { renderLine } from './line';
import { redactSecrets } from './redact';
import type { DoctorResult } from './result';
import { renderText } from './text';

export interface FormatOptions {
  format: OutputFormat;
  lang: Language;
  /** ANSI colour in text output; false unless the caller knows it writes to a terminal. */
  colour?: boolean;
}

export function formatResult(result: DoctorResult, options: FormatOptions, secrets: Secrets): string {
  const text =
    options.format === 'json' ? renderJson(result) : options.format === 'line' ? renderLine(result) : renderText(result, { lang: options.lang, colour: options.colour ?? false });
  return redactSecrets(text, secrets);
}
