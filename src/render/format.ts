// Renders a result in the chosen format with every secret removed by value. Colour is the caller's choice: the CLI
// asks for it only for a terminal on stdout; files (the support bundle's report) always get plain text.
import type { OutputFormat, Language } from '../contract/options';
import type { Secrets } from '../contract/types';
import { renderJson } from './json';
import { renderLine } from './line';
import { publicResult } from './publicResult';
import { createRedactor } from './redact';
import type { DoctorResult } from '../contract/result';
import { renderText } from './text';

export interface FormatOptions {
  format: OutputFormat;
  lang: Language;
  /** ANSI colour in text output; false unless the caller knows it writes to a terminal. */
  colour?: boolean;
}

export function formatResult(result: DoctorResult, options: FormatOptions, secrets: Secrets): string {
  const redactor = createRedactor(secrets);
  const clean = publicResult(result, redactor);
  if (options.format === 'json') return renderJson(clean);
  // Line and text reshape values (tokens, ASCII, terminal-safe): they redact again after reshaping, before cutting.
  if (options.format === 'line') return renderLine(clean, redactor.text);
  return renderText(clean, { lang: options.lang, colour: options.colour ?? false, redact: redactor.text });
}
