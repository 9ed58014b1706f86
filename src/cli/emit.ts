// Writes the result to stdout in the chosen format, with every secret removed, and settles the exit code.
import type { DoctorOptions } from '../options';
import { formatResult as render } from '../render/format';
import type { DoctorResult } from '../render/result';
import type { Secrets } from '../types';

/** Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function stdoutWantsColour(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

export function formatResult(result: DoctorResult, options: Pick<DoctorOptions, 'format' | 'lang'>, secrets: Secrets): string {
  return render(result, { format: options.format, lang: options.lang, colour: stdoutWantsColour() }, secrets);
}

/** Exits once stdout has taken everything: a black-holed socket must not keep the process alive. */
export function writeAndExit(text: string, exitCode: number): void {
  process.stdout.write(`${text}\n`, () => process.exit(exitCode));
}
