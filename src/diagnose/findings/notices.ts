// Notices: what could not be read or used, and patterns over time. Warnings; they never change the verdict.
import { ESCALATE_EN, ESCALATE_JA, type FindingDefinition } from './definition';

export const NOTICES = {
  POSTURE_UNAVAILABLE: {
    role: 'notice',
    status: 'none',
    label: { en: 'AmpCLI posture unavailable', ja: 'AmpCLI posture を利用できない' },
    en: {
      message: (p) => `AmpCLI posture was not usable (${p.error}); local.xml was used instead.`,
      action: () => 'Check the connector install; if AmpCLI keeps failing, include this in the TAC case.',
    },
    ja: {
      message: (p) => `AmpCLI posture を利用できなかったため（${p.error}）、local.xml を使用しました。`,
      action: () => 'コネクタのインストールを確認してください。AmpCLI の失敗が続く場合は TAC ケースに含めてください。',
    },
  },
  LOCAL_XML_UNREADABLE: {
    role: 'notice',
    status: 'none',
    label: { en: 'local.xml unreadable', ja: 'local.xml を読み取れない' },
    en: {
      message: (p) => `local.xml could not be read: ${p.error}.`,
      action: () =>
        'Run with administrator rights; if the file is damaged, the connector rewrites it on its next update.',
    },
    ja: {
      message: (p) => `local.xml を読み取れませんでした: ${p.error}。`,
      action: () => '管理者権限で実行してください。ファイルが壊れている場合、コネクタが次回の更新で書き直します。',
    },
  },
  POLICY_UNREADABLE: {
    role: 'notice',
    status: 'none',
    label: { en: 'policy.xml unreadable', ja: 'policy.xml を読み取れない' },
    en: {
      message: (p) => `policy.xml could not be read: ${p.error}.`,
      action: () => 'Pass --update-server and --proxy to probe the path the policy defines.',
    },
    ja: {
      message: (p) => `policy.xml を読み取れませんでした: ${p.error}。`,
      action: () => '--update-server と --proxy を指定して、ポリシーで定義された経路を確認してください。',
    },
  },
  STATE_DIR_UNTRUSTED: {
    role: 'notice',
    status: 'none',
    label: { en: 'state folder writable by non-admins', ja: '一般ユーザーが書き込める状態フォルダ' },
    en: {
      message: (p) =>
        `Refused to use the state folder: ${p.reason}. Its lock, cooldown and history steer an elevated process, so only administrators may write there.`,
      action: () =>
        'Restrict the folder to Administrators and SYSTEM (icacls "%ProgramData%\\tetra-doctor" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F), or pass --state-dir with a folder that is.',
    },
    ja: {
      message: (p) =>
        `状態フォルダの使用を拒否しました: ${p.reason}。ロック、クールダウン、履歴は管理者権限のプロセスの動作を左右するため、書き込めるのは管理者だけでなければなりません。`,
      action: () =>
        'フォルダを Administrators と SYSTEM のみに制限するか（icacls "%ProgramData%\\tetra-doctor" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F）、そのように制限されたフォルダを --state-dir で指定してください。',
    },
  },
  REFERENCE_UNAVAILABLE: {
    role: 'notice',
    status: 'none',
    label: { en: 'latest version unavailable', ja: '最新バージョンを取得できない' },
    en: {
      message: (p) => `The latest published TETRA version could not be read: ${p.error}.`,
      action: () =>
        'Compare the version by hand with the console (Management > AV Definition Summary), or pass --reference-url.',
    },
    ja: {
      message: (p) => `公開されている最新の TETRA バージョンを取得できませんでした: ${p.error}。`,
      action: () =>
        'コンソール（Management > AV Definition Summary）と手動で比較するか、--reference-url を指定してください。',
    },
  },
  INTERMITTENT_FAILURES: {
    role: 'notice',
    status: 'none',
    label: { en: 'intermittent failures', ja: '断続的な失敗' },
    en: {
      message: (p) =>
        `Definitions are current now, but ${p.unhealthy ?? '?'} of the last ${p.runs ?? '?'} checks found them not current (last at ${p.last ?? '?'}): an intermittent problem.`,
      action: () =>
        `Look for what comes and goes on the update path (proxy, VPN, firewall schedules); if it keeps recurring, ${ESCALATE_EN}.`,
    },
    ja: {
      message: (p) =>
        `現在は定義が最新ですが、直近 ${p.runs ?? '?'} 回の確認のうち ${p.unhealthy ?? '?'} 回は最新ではありませんでした（最後は ${p.last ?? '?'}）。断続的な問題です。`,
      action: () =>
        `更新経路上で状態が変わるもの（プロキシ、VPN、ファイアウォールのスケジュール）を確認してください。繰り返す場合は、${ESCALATE_JA}。`,
    },
  },
} satisfies Record<string, FindingDefinition>;
