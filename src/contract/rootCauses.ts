// One root cause, seen two ways, is one cause: the connector's own last error and the probe that reproduces it name
// the same failure. The text output states it once, and the fleet report draws it as one bar with both codes.
import { FINDING_ROLES, isFindingCode, type FindingCode } from './findings';

/** Each group is one root cause; its first code (the probe's, which says the most) names it. */
const SAME_CAUSE: ReadonlyArray<readonly FindingCode[]> = [
  ['PROXY_AUTH_REJECTED', 'LASTERROR_PROXY_AUTH'],
  ['PROXY_UNREACHABLE', 'LASTERROR_PROXY_CONNECT'],
  ['PROXY_DOWNLOAD_FAILED', 'LASTERROR_PROXY_DOWNLOAD'],
];
const ROOT_OF: ReadonlyMap<string, string> = new Map(SAME_CAUSE.flatMap((group) => group.map((c) => [c, group[0]])));

/** The code that names the root cause `code` belongs to (itself when it shares its cause with no other code). */
export function rootCauseOf(code: string): string {
  return ROOT_OF.get(code) ?? code;
}

/**
 * Verdict codes that are themselves why an endpoint needs attention: a stopped connector, a state nobody could
 * read, tetra-doctor's own failure, a refused install folder, and "every check passed" (force an update, escalate).
 */
const STATE_CAUSES: ReadonlySet<string> = new Set<FindingCode>([
  'CONNECTOR_NOT_RUNNING',
  'DEFINITIONS_UNKNOWN',
  'CAUSE_UNDETERMINED',
  'INTERNAL_ERROR',
  'AMP_DIR_UNTRUSTED',
]);

/** Whether the code says why (a cause, or a verdict that is its own reason); unknown codes from newer endpoints are
 * kept as causes. */
export function explainsTrouble(code: string): boolean {
  if (!isFindingCode(code)) return true;
  return FINDING_ROLES[code] === 'cause' || STATE_CAUSES.has(code);
}

/** The findings that say why, grouped by root cause in the order of their first finding. */
export function groupByRootCause<T extends { code: string }>(findings: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const finding of findings) {
    const root = rootCauseOf(finding.code);
    const group = groups.get(root);
    if (group) group.push(finding);
    else groups.set(root, [finding]);
  }
  return [...groups.values()];
}

/**
 * The finding a person acts on first: the first cause (findings come most important first), else the first that
 * explains the trouble, else the first that is not a notice.
 */
export function primaryFinding<T extends { code: string }>(findings: readonly T[]): T | null {
  const role = (f: T) => (isFindingCode(f.code) ? FINDING_ROLES[f.code] : null);
  return (
    findings.find((f) => role(f) === 'cause') ??
    findings.find((f) => STATE_CAUSES.has(f.code)) ??
    findings.find((f) => role(f) !== 'notice') ??
    null
  );
}
