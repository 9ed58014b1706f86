// The exit codes of every endpoint command: the contract Intune, RMMs and scripts act on, defined here and nowhere
// else. README.md's exit-code table is generated from it (`npm run docs:contract`), and so is the PowerShell scripts'
// table (scripts-shared/exit-codes.ps1, `npm run scripts:sync`, which loads this file alone: no value imports here).
import type { Status } from './types';

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

/** The result's status each code reports; usage and busy answer before there is a result. */
export const STATUS_OF_EXIT: Record<ExitName, Status | null> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  usage: null,
  not_applicable: 'not_applicable',
  undetermined: 'undetermined',
  busy: null,
};

/** What each code means, in Markdown (README.md's exit-code table); `--help` and the scripts print it without its
 * backquotes (plainMeaning). */
export const EXIT_MEANINGS: Record<ExitName, string> = {
  healthy: 'definitions current; warnings possible',
  unhealthy: 'definitions stale or behind, or connector not running (for `probe`: a check failed)',
  usage: 'usage error: one line on stderr',
  not_applicable: 'no connector, or TETRA disabled by policy',
  undetermined: 'the state could not be read (never reported as healthy)',
  busy: 'busy: another remediation holds the lock',
};

/** A meaning as plain text, for `--help` and the PowerShell scripts. */
export const plainMeaning = (name: ExitName): string => EXIT_MEANINGS[name].replace(/`/g, '');
