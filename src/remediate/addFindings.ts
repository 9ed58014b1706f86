// Findings that come from outside the rules (history, remediation) joined to a finished result, in both languages.
import type { FindingDraft } from '../diagnose/codes';
import { renderFinding } from '../diagnose/diagnose';
import type { DoctorResult } from '../render/result';

export function addFindings(result: DoctorResult, drafts: FindingDraft[]): void {
  for (const draft of drafts) {
    result.findings.push(renderFinding(draft, result.status, 'en'));
    if (result.localized) result.localized.findings.push(renderFinding(draft, result.status, result.localized.lang));
  }
}
