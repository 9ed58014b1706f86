// Secrets the run has read so far, for the outputs written when a run ends early: a usage error on stderr, and the
// INTERNAL_ERROR result of an error that escaped every command. A normal result is redacted with the secrets its
// own run collected; these last-resort outputs know nothing of the run, so whatever reads a secret (the settings
// file's proxy, the moment the file is parsed and before any value is checked) registers it here first.
import { createRedactor, joinSecrets, secretsOfProxyUrl } from '../render/redact';
import type { Secrets } from '../contract/types';

const known: Secrets[] = [];

/** Registers the password (and user name) of a proxy URL read from a file, checked or not. */
export function rememberProxySecret(proxy: unknown): void {
  if (typeof proxy === 'string') known.push(secretsOfProxyUrl(proxy));
}

export function knownSecrets(): Secrets {
  return joinSecrets(...known);
}

/** A line of text with every form of every known secret replaced. */
export function withoutKnownSecrets(text: string): string {
  return createRedactor(knownSecrets()).text(text);
}
