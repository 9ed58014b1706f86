// Writes the result in the chosen format, with every secret removed by value, and settles the exit code.
import type { DoctorOptions } from '../options';
import { renderJson } from '../render/json';
import { renderLine } from '../render/line';
import { publicResult } from '../render/publicResult';
import { createRedactor, joinSecrets, secretsOfProxyUrl } from '../render/redact';
import type { DoctorResult } from '../render/result';
import { renderText } from '../render/text';
import type { Secrets } from '../types';

export function formatResult(result: DoctorResult, options: Pick<DoctorOptions, 'format' | 'lang'> & { proxy?: string | null }, secrets: Secrets): string {
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  // --proxy's password is known from the command line even when the run failed before reading any evidence.
  const redactor = createRedactor(joinSecrets(secrets, secretsOfProxyUrl(options.proxy)));
  const clean = publicResult(result, redactor);
  if (options.format === 'json') return renderJson(clean);
  // Line and text reshape values (tokens, ASCII, terminal-safe): they redact again after reshaping, before cutting.
  if (options.format === 'line') return renderLine(clean, redactor.text);
  return renderText(clean, { lang: options.lang, colour, redact: redactor.text });
}

/** The --proxy value of a command line that failed before it was parsed into options. */
export function proxyArgument(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--proxy') return argv[i + 1] ?? null;
    if (argv[i].startsWith('--proxy=')) return argv[i].slice('--proxy='.length);
  }
  return null;
}

/** Exits once stdout has taken everything: a black-holed socket must not keep the process alive. */
export function writeAndExit(text: string, exitCode: number): void {
  process.stdout.write(`${text}\n`, () => process.exit(exitCode));
}
