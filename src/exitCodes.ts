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
