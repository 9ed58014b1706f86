// The exit codes of every endpoint command: the contract Intune, RMMs and scripts act on, defined here and nowhere
// else. README.md's exit-code table explains each; the PowerShell scripts get both as one generated table
// (scripts-shared/exit-codes.ps1, written by `npm run scripts:sync`).

export const EXIT = { healthy: 0, unhealthy: 1, usage: 2, not_applicable: 3, undetermined: 4, busy: 5 } as const;

export type ExitName = keyof typeof EXIT;

/**
 * Whether a platform that can only say yes or no (Intune detection, an RMM monitor) reports the code as needing
 * attention. Undetermined is never silently healthy; not applicable and busy are checked again on the next run.
 */
export const NEEDS_ATTENTION: Record<ExitName, boolean> = {
  healthy: false,
  unhealthy: true,
  usage: true,
  not_applicable: false,
  undetermined: true,
  busy: false,
};

/** What each code means, as README.md's exit-code table says it (test/unit/helpText.test.ts keeps the two equal);
 * `--help` lists them. */
export const EXIT_MEANINGS: Record<ExitName, string> = {
  healthy: 'definitions current; warnings possible',
  unhealthy: 'definitions stale or behind, or connector not running (for probe: a check failed)',
  usage: 'usage error: one line on stderr',
  not_applicable: 'no connector, or TETRA disabled by policy',
  undetermined: 'the state could not be read (never reported as healthy)',
  busy: 'busy: another remediation holds the lock',
};
