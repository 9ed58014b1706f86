// The sentence that leads the summary when a command acted: what remediate or collect did, in English and Japanese.
import path from 'node:path';
import type { Language } from '../contract/options';
import type { Collection, Outcome, Remediation, ResultAdditions } from '../contract/additions';

export function leadSentence(
  additions: ResultAdditions,
  lang: Language,
  connectorVersion: string | null,
): string | null {
  if (additions.remediation) return remediationSentence(additions.remediation, lang, connectorVersion);
  if (additions.collection) return collectionSentence(additions.collection, lang);
  return null;
}

function remediationSentence(r: Remediation, lang: Language, connectorVersion: string | null): string | null {
  // A run that found another holding the lock says so in its finding; it has no sentence of its own to add.
  if (r.outcome === 'busy' && r.before === null) return null;
  const seconds = Math.round(r.waitedMs / 1000);
  const from = r.before?.version ?? '?';
  const to = r.after?.version ?? '?';
  const causes = r.knownCauses.join(', ');
  if (lang === 'ja') {
    const known =
      r.attempted && causes
        ? ` 原因（${causes}）は判明していましたが、コネクタには別の経路がある可能性があるため一度だけ実行しました。`
        : '';
    const sentences: Record<Outcome, string> = {
      updated: `手動更新を実行し、TETRA 定義が更新されました（${from} → ${to}、${seconds} 秒）。`,
      no_change: `手動更新を実行しましたが、${seconds} 秒以内に変化はありませんでした${r.interrupted ? '（中断）' : ''}。`,
      not_needed: '修復は不要なため、手動更新は実行しませんでした。',
      unsupported: `コネクタ ${connectorVersion ?? '?'} は sfc.exe -forceupdate に対応していないため、手動更新は実行しませんでした。`,
      cooldown: `待機時間中のため手動更新は実行しませんでした（${r.cooldownUntil} まで）。`,
      failed_to_start: 'sfc.exe -forceupdate を実行できませんでした。',
      busy: '別の修復が実行中のため、何も実行しませんでした。',
      refused: 'インストールフォルダを信頼できないため、何も実行しませんでした。',
      undetermined:
        '状態を判定できなかったため、手動更新は実行しませんでした（実行するのは要対応と判定したときだけです）。',
    };
    return sentences[r.outcome] + known;
  }
  const known =
    r.attempted && causes
      ? ` The cause was already known (${causes}); forced once anyway, as the connector may have a route this check lacks.`
      : '';
  const sentences: Record<Outcome, string> = {
    updated: `Forced a TETRA update and it took (${from} -> ${to}, ${seconds} s).`,
    no_change: `Forced a TETRA update, but nothing changed within ${seconds} s${r.interrupted ? ' (interrupted)' : ''}.`,
    not_needed: 'No update forced: nothing to remediate.',
    unsupported: `No update forced: connector ${connectorVersion ?? '?'} predates sfc.exe -forceupdate (7.2.7).`,
    cooldown: `No update forced: inside the cooldown until ${r.cooldownUntil}.`,
    failed_to_start: 'sfc.exe -forceupdate could not be run.',
    busy: 'Another remediation is running; nothing was done.',
    refused: 'Nothing was run: the install folder is not trusted.',
    undetermined:
      'No update forced: the state could not be determined, and an update is forced only on a diagnosis of unhealthy.',
  };
  return sentences[r.outcome] + known;
}

function collectionSentence(c: Collection, lang: Language): string | null {
  // No bundle was started (no connector, another run, an untrusted folder): the diagnosis says why.
  if (c.outcome === 'not_applicable' || c.outcome === 'busy' || c.outcome === 'refused') return null;
  const files = c.attach.filter((f) => !/tetra-doctor-report\.(json|txt)$/.test(f)).map((f) => path.basename(f));
  if (lang === 'ja') {
    return c.outcome === 'complete'
      ? `エスカレーション用の資料を ${c.outputDir} に作成しました。${files.join('、')} とこのレポートを Cisco TAC のケースに添付してください。`
      : `資料の作成は完了しませんでした（${c.outcome}、${c.outputDir}）。デバッグログは無効に戻しました。`;
  }
  return c.outcome === 'complete'
    ? `Escalation bundle in ${c.outputDir}: attach ${files.join(', ')} and this report to the Cisco TAC case.`
    : `Escalation bundle ${c.outcome} in ${c.outputDir}; debug logging was turned off again.`;
}
