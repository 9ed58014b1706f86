// Writes the result in the chosen format, with every secret removed, and settles the exit code.
import type { DoctorOptions } from '../options';
import { renderJson } from '../render/json';
import { renderLine } from '../render/line';
import { redactSecrets } from '../render/redact';
import type { DoctorResult } from '../render/result';
import { renderText } from '../render/text';
import type { Secrets } from '../types';

export function formatResult(result: DoctorResult, options: Pick<DoctorOptions, 'format' | 'lang'>, secrets: Secrets): string {
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const text =
    options.format === 'json' ? renderJson(result) : options.format === 'line' ? renderLine(result) : renderText(result, { lang: options.lang, colour });
  return redactSecrets(text, secrets);
}

/** Exits once stdout has taken everything: a black-holed socket must not keep the process alive. */
export function writeAndExit(text: string, exitCode: number): void {
  process.stdout.write(`${text}\n`, () => process.exit(exitCode));
}
