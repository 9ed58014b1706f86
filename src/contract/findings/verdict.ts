// Findings that decide the verdict: the endpoint's state, whether it applies at all, or why it cannot be judged.
import { ESCALATE_EN, ESCALATE_JA, finding } from './definition';

export const VERDICT = {
  CONNECTOR_NOT_FOUND: finding<{ reason: string }>({
    role: 'applicability',
    status: 'not_applicable',
    meaning: 'no connector install (exit 3)',
    label: { en: 'no connector installed', ja: 'コネクタ未インストール' },
    example: { reason: 'no CiscoAMP service and no version folder holding sfc.exe' },
    en: {
      message: (p) => `No Secure Endpoint connector found (${p.reason}).`,
      action: () =>
        'Nothing to check here; if the connector should be installed, deploy it, or pass --amp-dir with its install folder.',
    },
    ja: {
      message: (p) => `Secure Endpoint コネクタが見つかりません（${p.reason}）。`,
      action: () =>
        'この端末では確認対象がありません。インストールされているはずの場合は、コネクタを展開するか、--amp-dir でインストールフォルダを指定してください。',
    },
  }),
  TETRA_DISABLED: finding({
    role: 'applicability',
    status: 'not_applicable',
    meaning: 'TETRA off by policy or posture (exit 3)',
    label: { en: 'TETRA turned off by policy', ja: 'ポリシーで TETRA が無効' },
    example: {},
    en: {
      message: () => 'TETRA is turned off by policy on this endpoint.',
      action: () => 'No definitions to keep current; enable TETRA in the policy if this endpoint should have it.',
    },
    ja: {
      message: () => 'この端末ではポリシーにより TETRA が無効になっています。',
      action: () => '更新すべき定義はありません。TETRA が必要な端末であれば、ポリシーで TETRA を有効にしてください。',
    },
  }),
  AMP_DIR_UNTRUSTED: finding<{ reason: string }>({
    role: 'refusal',
    status: 'undetermined',
    meaning: 'running elevated, the install folder is writable by non-admins: nothing in it is run or read (exit 4)',
    label: { en: 'install folder writable by non-admins', ja: '一般ユーザーが書き込めるインストールフォルダ' },
    example: { reason: 'C:\\Program Files\\Cisco\\AMP is writable by BUILTIN\\Users' },
    en: {
      message: (p) =>
        `Refused to use the install folder: ${p.reason}. Running elevated, executing or trusting files that non-admins can change would hand them SYSTEM.`,
      action: () =>
        'Restore the folder\'s permissions so that only administrators and SYSTEM can write to it (icacls "C:\\Program Files\\Cisco\\AMP" /reset /T, or reinstall the connector), then run again.',
    },
    ja: {
      message: (p) =>
        `インストールフォルダの使用を拒否しました: ${p.reason}。管理者権限で動作中に一般ユーザーが変更できるファイルを実行・信頼すると、SYSTEM 権限を与えることになります。`,
      action: () =>
        '管理者と SYSTEM だけが書き込めるようにフォルダのアクセス権を戻し（icacls "C:\\Program Files\\Cisco\\AMP" /reset /T、またはコネクタの再インストール）、再実行してください。',
    },
  }),
  CONNECTOR_NOT_RUNNING: finding<{ service: string }>({
    role: 'state',
    status: 'unhealthy',
    meaning: 'connector stopped (posture or service)',
    // A stopped connector explains an unhealthy verdict by itself: no CAUSE_UNDETERMINED beside it.
    explains: true,
    label: { en: 'connector not running', ja: 'コネクタが停止' },
    example: { service: 'CiscoAMP' },
    en: {
      message: (p) => `The connector service ${p.service} is not running.`,
      action: () =>
        'Start the connector (sc.exe start CiscoAMP, or sfc.exe -s) and find out why it stopped in the Windows event log.',
    },
    ja: {
      message: (p) => `コネクタのサービス ${p.service} が動作していません。`,
      action: () =>
        'コネクタを起動し（sc.exe start CiscoAMP または sfc.exe -s）、停止した理由を Windows のイベントログで確認してください。',
    },
  }),
  DEFINITIONS_STALE: finding<{ ageHours: number; ageDays: number; maxAgeHours: number; lastUpdate: string }>({
    role: 'state',
    status: 'unhealthy',
    meaning: 'last successful update older than `--max-age-hours`',
    label: { en: 'definitions not updated recently', ja: '定義の更新が止まっている' },
    example: { ageHours: 50, ageDays: 2, maxAgeHours: 24, lastUpdate: '2026-11-25T10:00:00.000Z' },
    en: {
      message: (p) =>
        `TETRA definitions were last updated successfully ${Number(p.ageHours) < 48 ? `${p.ageHours} h` : `${p.ageDays} days`} ago (${p.lastUpdate}), more than ${p.maxAgeHours} h.`,
      action: () =>
        'Force an update ("tetra-doctor remediate", or sfc.exe -forceupdate on connector 7.2.7 and later) and fix the cause reported with it.',
    },
    ja: {
      message: (p) =>
        `TETRA 定義の最終更新成功は ${Number(p.ageHours) < 48 ? `${p.ageHours} 時間` : `${p.ageDays} 日`}前（${p.lastUpdate}）で、${p.maxAgeHours} 時間を超えています。`,
      action: () =>
        '手動で定義を更新し（「tetra-doctor remediate」、またはコネクタ 7.2.7 以降では sfc.exe -forceupdate）、あわせて報告された原因を解消してください。',
    },
  }),
  DEFINITIONS_BEHIND: finding<{ version: number; latest: number; behind: number; maxBehind: number }>({
    role: 'state',
    status: 'unhealthy',
    meaning: 'more than `--max-behind` versions behind the latest',
    label: { en: 'definitions behind the latest', ja: '定義が最新版より遅れている' },
    example: { version: 90604, latest: 90612, behind: 8, maxBehind: 5 },
    en: {
      message: (p) =>
        `TETRA definitions ${p.version} are ${p.behind} versions behind the latest ${p.latest} (more than ${p.maxBehind}).`,
      action: () => 'Force an update ("tetra-doctor remediate") and check the version again.',
    },
    ja: {
      message: (p) =>
        `TETRA 定義 ${p.version} は最新の ${p.latest} より ${p.behind} バージョン遅れています（許容 ${p.maxBehind}）。`,
      action: () => '手動で定義を更新し（「tetra-doctor remediate」）、バージョンを再確認してください。',
    },
  }),
  DEFINITIONS_UNKNOWN: finding({
    role: 'state',
    status: 'undetermined',
    meaning: 'neither the age nor the version lag could be read (exit 4)',
    label: { en: 'definition state unreadable', ja: '定義の状態を読み取れない' },
    example: {},
    en: {
      message: () =>
        'The TETRA definition state could not be read: neither AmpCLI posture nor local.xml gave the last update, and no reference version was available.',
      action: () =>
        'Check that the connector is installed correctly and that this tool runs with administrator rights; see the other findings for what failed.',
    },
    ja: {
      message: () =>
        'TETRA 定義の状態を読み取れませんでした。AmpCLI posture からも local.xml からも最終更新日時が得られず、最新バージョンも取得できませんでした。',
      action: () =>
        'コネクタが正しくインストールされていること、このツールを管理者権限で実行していることを確認してください。失敗の内容は他の検出結果を参照してください。',
    },
  }),
  CAUSE_UNDETERMINED: finding({
    role: 'state',
    status: 'none',
    meaning: 'unhealthy while every check passed: force an update, then escalate',
    label: { en: 'no cause found: force an update, then escalate', ja: '原因不明：強制更新の後にエスカレーション' },
    example: {},
    en: {
      message: () => 'Definitions are not current, yet no check found a cause.',
      action: () => `Force an update ("tetra-doctor remediate"); if it still does not update, ${ESCALATE_EN}.`,
    },
    ja: {
      message: () => '定義が最新ではありませんが、どのチェックでも原因が見つかりませんでした。',
      action: () =>
        `手動で定義を更新してください（「tetra-doctor remediate」）。それでも更新されない場合は、${ESCALATE_JA}。`,
    },
  }),
  INTERNAL_ERROR: finding<{ error: string }>({
    role: 'state',
    status: 'undetermined',
    meaning: 'tetra-doctor itself failed (exit 4)',
    label: { en: 'tetra-doctor failed', ja: 'tetra-doctor の内部エラー' },
    example: { error: 'Invalid time value' },
    en: {
      message: (p) => `tetra-doctor failed unexpectedly: ${p.error}.`,
      action: () => 'Run again; if it keeps failing, report it to the tetra-doctor team with this output.',
    },
    ja: {
      message: (p) => `tetra-doctor が予期しないエラーで失敗しました: ${p.error}。`,
      action: () => '再実行してください。失敗が続く場合は、この出力を添えて tetra-doctor の担当者に報告してください。',
    },
  }),
};
