// One sentence that says the verdict and its most likely cause: what the Intune portal shows.
import { FINDING_ROLES } from '../contract/findings';
import type { Diagnosis } from '../diagnose/diagnose';
import type { Language } from '../contract/options';
import type { Finding } from '../contract/types';

export function summarize(diagnosis: Diagnosis, findings: Finding[], lang: Language): string {
  const { facts, status } = diagnosis;
  const cause = findings.find((f) => FINDING_ROLES[f.code as keyof typeof FINDING_ROLES] === 'cause');
  const state = findings.find((f) => FINDING_ROLES[f.code as keyof typeof FINDING_ROLES] !== 'notice');
  if (diagnosis.scope === 'network') return summarizeNetwork(cause?.message ?? null, lang);
  const version = facts.version ?? '?';
  const age = facts.ageHours !== null ? Math.round(facts.ageHours) : null;
  if (lang === 'ja') {
    switch (status) {
      case 'healthy':
        return `TETRA 定義 ${version} は最新です${age !== null ? `（${age} 時間前に更新）` : ''}。${cause ? `注意: ${cause.message}` : ''}`;
      case 'unhealthy':
        return `TETRA 定義が最新ではありません: ${state?.message ?? ''}${cause && cause !== state ? ` 原因: ${cause.message}` : ''}`;
      default:
        return state?.message ?? '';
    }
  }
  switch (status) {
    case 'healthy':
      return `TETRA definitions ${version} are current${age !== null ? ` (updated ${age} h ago)` : ''}.${cause ? ` Warning: ${cause.message}` : ''}`;
    case 'unhealthy':
      return `TETRA definitions are not current: ${state?.message ?? ''}${cause && cause !== state ? ` Cause: ${cause.message}` : ''}`;
    default:
      return state?.message ?? '';
  }
}

function summarizeNetwork(cause: string | null, lang: Language): string {
  if (lang === 'ja') return cause ? `更新経路に問題があります: ${cause}` : '更新サーバーへの経路はすべて正常です。';
  return cause ? `The update path has a problem: ${cause}` : 'Every check of the path to the update server passed.';
}
