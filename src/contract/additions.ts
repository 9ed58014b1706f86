// What the commands that act add to a diagnosis, as typed data: remediate's block, collect's block, detect's
// history, and findings from outside the rules. The result builder (result.ts) turns them into the JSON contract
// and the summary's lead sentence, once; the commands never patch a rendered result.
import type { FindingDraft } from './findings';

export type Outcome =
  | 'updated'
  | 'no_change'
  | 'not_needed'
  | 'unsupported'
  | 'cooldown'
  | 'failed_to_start'
  | 'busy'
  | 'refused'
  | 'undetermined';

export interface DefinitionsSeen {
  version: number | null;
  lastSuccessfulUpdate: string | null;
}

export interface Remediation {
  attempted: boolean;
  outcome: Outcome;
  before: DefinitionsSeen | null;
  /** null when there was no second look (nothing was forced). */
  after: DefinitionsSeen | null;
  waitedMs: number;
  sfcExitCode: number | null;
  forcedAt: string | null;
  /** Cause findings the diagnosis already named before forcing: forced once anyway. */
  knownCauses: string[];
  cooldownUntil: string | null;
  interrupted: boolean;
  stateDir: string;
}

/** One run of a connector program (sfc.exe, ipsupporttool.exe). */
export interface ToolRun {
  /** The command as run, for the record (never holds a secret: these switches take none). */
  command: string;
  started: boolean;
  exitCode: number | null;
  timedOut: boolean;
  error: string | null;
}

export interface CaptureReport {
  requested: boolean;
  state: 'not_requested' | 'unsupported' | 'captured' | 'failed';
  file: string | null;
  error: string | null;
}

export interface SupportBundleReport {
  exitCode: number | null;
  files: string[];
  error: string | null;
}

export interface CollectWindow {
  seconds: number;
  source: 'option' | 'policy' | 'default';
}

export type CollectOutcome = 'complete' | 'incomplete' | 'interrupted' | 'not_applicable' | 'busy' | 'refused';

export interface Collection {
  outcome: CollectOutcome;
  outputDir: string | null;
  window: CollectWindow | null;
  debugLogging: { start: ToolRun | null; stop: ToolRun | null };
  supportBundle: SupportBundleReport | null;
  capture: CaptureReport | null;
  /** What to attach to the TAC case, in order. */
  attach: string[];
  startedAt: string;
  finishedAt: string | null;
}

export interface HistoryReport {
  available: true;
  /** First run of the current unbroken unhealthy stretch; null when the endpoint is not unhealthy now. */
  unhealthySince: string | null;
  recentRuns: number;
  unhealthyRecent: number;
  /** Healthy now, yet unhealthy in at least INTERMITTENT_THRESHOLD of the recent runs. */
  intermittent: boolean;
  lastUnhealthyAt: string | null;
}

export interface HistoryUnavailable {
  available: false;
  error: string;
}

/** Everything a command adds to its diagnosis; the builder renders each piece in every language. */
export interface ResultAdditions {
  remediation?: Remediation;
  collection?: Collection;
  history?: HistoryReport | HistoryUnavailable;
  /** The history could not be written (remediate). */
  historyError?: string;
  /** The bundle's report could not be written (collect). */
  reportError?: string;
  /** Findings from outside the rules (history, remediation), after the diagnosis's own. */
  findings?: FindingDraft[];
}
