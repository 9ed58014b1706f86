// Runs every rule over the snapshot and turns the findings into a status and an exit code.
import { EXIT } from '../contract/exitCodes';
import type { Language } from '../contract/options';
import type { Finding, Severity, Snapshot, Status } from '../contract/types';
import { outsideText } from '../system/terminalText';
import { definitionOf, FINDING_ROLES, type FindingDraft, type StatusEffect } from '../contract/findings';
import { GUESSED_PATH_NOTE, type FindingParams } from '../contract/findings/definition';
import { deriveFacts, type TetraFacts } from './facts';
import { nameCausesOnce } from './causesOnce';
import type { Rule, RuleContext } from './rule';
import { clockSkew } from './rules/clockSkew';
import { connectorInstalled } from './rules/connectorInstalled';
import { connectorRunning } from './rules/connectorRunning';
import { definitionsCurrent } from './rules/definitionsCurrent';
import { definitionsFresh } from './rules/definitionsFresh';
import { definitionsKnown } from './rules/definitionsKnown';
import { evidenceReadable } from './rules/evidenceReadable';
import { lastError } from './rules/lastError';
import { networkPath } from './rules/networkPath';
import { pathKnown } from './rules/pathKnown';
import { policyFileOwner } from './rules/policyFileOwner';
import { proxySettings } from './rules/proxySettings';
import { upgradePending } from './rules/upgradePending';
import { tetraEnabled } from './rules/tetraEnabled';
import { winHttpPath } from './rules/winHttpPath';

const ENDPOINT_RULES: Rule[] = [
  connectorInstalled,
  tetraEnabled,
  connectorRunning,
  evidenceReadable,
  definitionsFresh,
  clockSkew,
  definitionsCurrent,
  definitionsKnown,
  lastError,
  networkPath,
  pathKnown,
  policyFileOwner,
  proxySettings,
  winHttpPath,
  upgradePending,
];
const NETWORK_RULES: Rule[] = [networkPath, pathKnown, proxySettings, winHttpPath];

export interface Diagnosis {
  scope: 'endpoint' | 'network';
  status: Status;
  exitCode: number;
  facts: TetraFacts;
  findings: Finding[];
  /** The drafts behind the findings, so that the text renderer can speak another language. */
  drafts: FindingDraft[];
}

export interface DiagnoseOptions {
  maxAgeHours: number;
  maxBehind: number;
  scope: 'endpoint' | 'network';
}

export function diagnose(snapshot: Snapshot, options: DiagnoseOptions): Diagnosis {
  const facts = deriveFacts(snapshot);
  const ctx: RuleContext = { snapshot, facts, maxAgeHours: options.maxAgeHours, maxBehind: options.maxBehind };
  const rules = options.scope === 'endpoint' ? ENDPOINT_RULES : NETWORK_RULES;
  let drafts = judgeApplicable(rules.flatMap((rule) => rule.check(ctx)));
  const status = options.scope === 'endpoint' ? endpointStatus(drafts) : networkStatus(drafts, snapshot);
  // A stopped connector explains itself; otherwise an unhealthy verdict needs a named cause or says it has none.
  const explained = drafts.some((d) => definitionOf(d.code).role === 'cause' || definitionOf(d.code).explains === true);
  if (status === 'unhealthy' && !explained) {
    drafts = [...drafts, { code: 'CAUSE_UNDETERMINED', params: {} }];
  }
  drafts = sortByRole(nameCausesOnce(drafts, snapshot.probes));
  const findings = localizeFindings(drafts, status, 'en');
  return { scope: options.scope, status, exitCode: EXIT[status], facts, findings, drafts };
}

const ROLE_ORDER = { applicability: 0, refusal: 0, state: 1, cause: 2, notice: 3 } as const;

/** What is wrong first, then why, then what could not be read. */
function sortByRole(drafts: FindingDraft[]): FindingDraft[] {
  return [...drafts].sort((a, b) => ROLE_ORDER[FINDING_ROLES[a.code]] - ROLE_ORDER[FINDING_ROLES[b.code]]);
}

/** When the connector is absent or TETRA is off, nothing else is worth saying. */
function judgeApplicable(drafts: FindingDraft[]): FindingDraft[] {
  const applicability = drafts.filter(
    (d) => FINDING_ROLES[d.code] === 'applicability' || FINDING_ROLES[d.code] === 'refusal',
  );
  return applicability.length > 0 ? applicability.slice(0, 1) : drafts;
}

/** The strongest status effect of the findings decides; none of them means healthy. */
const STATUS_PRECEDENCE: ReadonlyArray<Exclude<StatusEffect, 'none'>> = ['not_applicable', 'unhealthy', 'undetermined'];

function endpointStatus(drafts: FindingDraft[]): Status {
  const effects = new Set(drafts.map((d) => definitionOf(d.code).status));
  return STATUS_PRECEDENCE.find((status) => effects.has(status)) ?? 'healthy';
}

function networkStatus(drafts: FindingDraft[], snapshot: Snapshot): Status {
  if (drafts.some((d) => FINDING_ROLES[d.code] === 'cause')) return 'unhealthy';
  // An uninterpretable policy proxy left its path unprobed: nothing was shown healthy.
  return snapshot.probes.length === 0 && drafts.some((d) => d.code === 'PROXY_SETTING_UNINTERPRETED')
    ? 'undetermined'
    : 'healthy';
}

function severityOf(draft: FindingDraft, status: Status): Severity {
  switch (FINDING_ROLES[draft.code]) {
    case 'applicability':
      return 'info';
    case 'state':
    case 'refusal':
      return 'error';
    case 'notice':
      return 'warning';
    case 'cause':
      // When definitions are current, a broken path is worth knowing but not failing for.
      return status === 'unhealthy' ? 'error' : 'warning';
  }
}

/** Findings in JSON and line output stay English; text output and a localized block use the chosen language. */
export function localizeFindings(drafts: FindingDraft[], status: Status, lang: Language): Finding[] {
  return drafts.map((draft) => renderFinding(draft, status, lang));
}

export function renderFinding(draft: FindingDraft, status: Status, lang: Language): Finding {
  const entry = definitionOf(draft.code)[lang];
  const params = outsideParams(draft.params);
  const finding: Finding = {
    code: draft.code,
    severity: severityOf(draft, status),
    message: entry.message(params),
    action: entry.action(params),
  };
  return draft.guessed
    ? { ...finding, message: finding.message + GUESSED_PATH_NOTE[lang], guessedPath: true }
    : finding;
}

/** Params carry outside text (a proxy's reason phrase, a parser's error, an XML value): neutralized and bounded. */
function outsideParams(params: FindingParams): FindingParams {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? outsideText(v) : v]));
}
