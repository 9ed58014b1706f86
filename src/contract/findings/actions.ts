// What `remediate` and `collect` add to a diagnosis after the verdict (docs/remediation.md).
import { ESCALATE_EN, ESCALATE_JA, finding } from './definition';

export const ACTIONS = {
  REMEDIATION_COOLDOWN: finding<{ lastForcedAt: string; until: string; minutes: number }>({
    role: 'notice',
    status: 'none',
    meaning:
      '`remediate`: an update was forced less than `--cooldown-minutes` ago, so none was forced (docs/remediation.md)',
    label: { en: 'forced update in cooldown', ja: '手動更新の待機期間中' },
    example: { lastForcedAt: '2026-11-27T11:30:00.000Z', until: '2026-11-27T12:30:00.000Z', minutes: 60 },
    en: {
      message: (p) =>
        `An update was forced at ${p.lastForcedAt}; the next one is allowed after ${p.until} (cooldown ${p.minutes} min), so none was forced now.`,
      action: () =>
        'Fix the cause reported with it; to force again sooner, run "tetra-doctor remediate --cooldown-minutes 0".',
    },
    ja: {
      message: (p) =>
        `${p.lastForcedAt} に手動更新を実行済みのため、今回は実行しませんでした。次回の実行は ${p.until} 以降です（待機時間 ${p.minutes} 分）。`,
      action: () =>
        'あわせて報告された原因を解消してください。すぐに再実行する場合は「tetra-doctor remediate --cooldown-minutes 0」を使用してください。',
    },
  }),
  FORCEUPDATE_UNSUPPORTED: finding<{ version: string }>({
    role: 'state',
    status: 'none',
    meaning: '`remediate`: the connector is older than 7.2.7 and has no `sfc.exe -forceupdate`',
    label: { en: 'forced update unsupported (connector before 7.2.7)', ja: '手動更新に非対応（7.2.7 より前）' },
    example: { version: '7.2.5' },
    en: {
      message: (p) =>
        `Connector ${p.version} has no sfc.exe -forceupdate (it came with 7.2.7), so no update was forced.`,
      action: () =>
        'Upgrade the connector to 7.2.7 or later, or wait for its next scheduled update after fixing the cause reported with it.',
    },
    ja: {
      message: (p) =>
        `コネクタ ${p.version} には sfc.exe -forceupdate がない（7.2.7 以降で利用可能）ため、手動更新は実行しませんでした。`,
      action: () =>
        'コネクタを 7.2.7 以降にアップグレードするか、報告された原因を解消したうえで次回の定期更新を待ってください。',
    },
  }),
  FORCEUPDATE_FAILED: finding<{ error: string }>({
    role: 'state',
    status: 'none',
    meaning: '`remediate`: `sfc.exe -forceupdate` could not be run',
    label: { en: 'forced update could not run', ja: '手動更新を実行できない' },
    example: { error: 'sfc.exe could not be started' },
    en: {
      message: (p) => `sfc.exe -forceupdate could not be run: ${p.error}.`,
      action: () => 'Run tetra-doctor with administrator rights and check that the connector install folder is intact.',
    },
    ja: {
      message: (p) => `sfc.exe -forceupdate を実行できませんでした: ${p.error}。`,
      action: () =>
        'tetra-doctor を管理者権限で実行し、コネクタのインストールフォルダが壊れていないか確認してください。',
    },
  }),
  FORCEUPDATE_NO_CHANGE: finding<{ seconds: number }>({
    role: 'state',
    status: 'none',
    meaning: '`remediate`: an update was forced, but neither the version nor the last successful update changed',
    label: { en: 'forced update changed nothing', ja: '手動更新後も変化なし' },
    example: { seconds: 300 },
    en: {
      message: (p) =>
        `An update was forced, but neither the TETRA version nor the last successful update changed within ${p.seconds} s.`,
      action: () => `Fix the cause reported with it; if none is reported or it persists, ${ESCALATE_EN}.`,
    },
    ja: {
      message: (p) =>
        `手動更新を実行しましたが、${p.seconds} 秒以内に TETRA のバージョンも最終更新成功日時も変わりませんでした。`,
      action: () =>
        `あわせて報告された原因を解消してください。原因が報告されていない場合や解消しない場合は、${ESCALATE_JA}。`,
    },
  }),
  REMEDIATION_BUSY: finding<{ pid: number | '?'; startedAt: string }>({
    role: 'applicability',
    status: 'undetermined',
    meaning: '`remediate`/`collect`: another run holds the lock; nothing was done (exit 5)',
    label: { en: 'another remediation running', ja: '別の修復が実行中' },
    example: { pid: 4242, startedAt: '2026-11-27T11:58:00.000Z' },
    en: {
      message: (p) =>
        `Another tetra-doctor run (process ${p.pid}, started ${p.startedAt}) is remediating this endpoint; this run did nothing.`,
      action: () => 'Nothing to do: the other run reports the result. Check again later.',
    },
    ja: {
      message: (p) =>
        `別の tetra-doctor（プロセス ${p.pid}、${p.startedAt} 開始）がこの端末を修復中のため、今回は何も実行しませんでした。`,
      action: () => '対応は不要です。結果は実行中のほうが報告します。時間をおいて再確認してください。',
    },
  }),
};
