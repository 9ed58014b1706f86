// The remediation block of the JSON contract, and the sentence that leads the summary, in English and Japanese.
import type { Language } from '../options';
import type { DefinitionState } from './observe';

export type Outcome = 'updated' | 'no_change' | 'not_needed' | 'unsupported' | 'cooldown' | 'failed_to_start' | 'busy';

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

export function seen(state: DefinitionState): DefinitionsSeen {
  return { version: state.version, lastSuccessfulUpdate: state.lastSuccessfulUpdate !== null ? new Date(state.lastSuccessfulUpdate * 1000).toISOString() : null };
}

export function outcomeSentence(r: Remediation, lang: Language, connectorVersion: string | null): string {
  const seconds = Math.round(r.waitedMs / 1000);
  const from = r.before?.version ?? '?';
  const to = r.after?.version ?? '?';
  const causes = r.knownCauses.join(', ');
  if (lang === 'ja') {
    const known = r.attempted && causes ? ` 原因（${causes}）は判明していましたが、コネクタには別の経路がある可能性があるため一度だけ実行しました。` : '';
    const sentences: Record<Outcome, string> = {
      updated: `手動更新を実行し、TETRA 定義が更新されました（${from} → ${to}、${seconds} 秒）。`,
      no_change: `手動更新を実行しましたが、${seconds} 秒以内に変化はありませんでした${r.interrupted ? '（中断）' : ''}。`,
      not_needed: '修復は不要なため、手動更新は実行しませんでした。',
      unsupported: `コネクタ ${connectorVersion ?? '?'} は sfc.exe -forceupdate に対応していないため、手動更新は実行しませんでした。`,
      cooldown: `待機時間中のため手動更新は実行しませんでした（${r.cooldownUntil} まで）。`,
      failed_to_start: 'sfc.exe -forceupdate を実行できませんでした。',
      busy: '別の修復が実行中のため、何も実行しませんでした。',
    };
    return sentences[r.outcome] + known;
  }
  const known = r.attempted && causes ? ` The cause was already known (${causes}); forced once anyway, as the connector may have a route this check lacks.` : '';
  const sentences: Record<Outcome, string> = {
    updated: `Forced a TETRA update and it took (${from} -> ${to}, ${seconds} s).`,
    no_change: `Forced a TETRA update, but nothing changed within ${seconds} s${r.interrupted ? ' (interrupted)' : ''}.`,
    not_needed: 'No update forced: nothing to remediate.',
    unsupported: `No update forced: connector ${connectorVersion ?? '?'} predates sfc.exe -forceupdate (7.2.7).`,
    cooldown: `No update forced: inside the cooldown until ${r.cooldownUntil}.`,
    failed_to_start: 'sfc.exe -forceupdate could not be run.',
    busy: 'Another remediation is running; nothing was done.',
  };
  return sentences[r.outcome] + known;
}
