// Writes the result to stdout in the chosen format, with every secret removed, and settles the exit code.
import type { DoctorOptions, ProxyOption } from '../contract/options';
import { joinSecrets, secretsOfProxyUrl } from '../render/redact';
import { formatResult as render } from '../render/format';
import type { DoctorResult } from '../contract/result';
import type { Secrets } from '../contract/types';

/** Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org). */
function stdoutWantsColour(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

export function formatResult(
  result: DoctorResult,
  options: Pick<DoctorOptions, 'format' | 'lang'> & { proxy?: ProxyOption | string | null },
  secrets: Secrets,
): string {
  // --proxy's password is known from the command line even when the run failed before it read any evidence.
  const fromOption =
    typeof options.proxy === 'string'
      ? secretsOfProxyUrl(options.proxy)
      : { proxyPassword: options.proxy?.password ?? null, proxyUsername: options.proxy?.username ?? null };
  return render(
    result,
    { format: options.format, lang: options.lang, colour: stdoutWantsColour() },
    joinSecrets(secrets, fromOption),
  );
}

/** The --proxy value of a command line that failed before it was parsed into options. */
export function proxyArgument(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--proxy') return argv[i + 1] ?? null;
    if (argv[i].startsWith('--proxy=')) return argv[i].slice('--proxy='.length);
  }
  return null;
}

/**
 * Exits once stdout has taken everything: a black-holed socket must not keep the process alive. The newline is
 * written on its own: text + '\n' would copy a fleet report of 15 MB once more just to end it.
 */
export function writeAndExit(text: string, exitCode: number): void {
  process.stdout.write(text);
  process.stdout.write('\n', () => process.exit(exitCode));
}
