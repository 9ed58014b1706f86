// Notices: what could not be read or used, and patterns over time. Warnings; they never change the verdict.
import {
  ESCALATE_EN,
  ESCALATE_JA,
  finding,
  jaDetail,
  sourceWords,
  type LastErrorParams,
  type ProbedPathParams,
} from './definition';

export const NOTICES = {
  POSTURE_UNAVAILABLE: finding<{ error: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'AmpCLI failed, hung or was unreadable; local.xml used',
    label: { en: 'AmpCLI posture unavailable', ja: 'AmpCLI posture を利用できない' },
    example: { error: 'AmpCLI.exe was killed after 15000 ms' },
    en: {
      message: (p) => `AmpCLI posture was not usable (${p.error}); local.xml was used instead.`,
      action: () => 'Check the connector install; if AmpCLI keeps failing, include this in the TAC case.',
    },
    ja: {
      message: (p) => `AmpCLI posture を利用できなかったため（${p.error}）、local.xml を使用しました。`,
      action: () => 'コネクタのインストールを確認してください。AmpCLI の失敗が続く場合は TAC ケースに含めてください。',
    },
  }),
  LOCAL_XML_UNREADABLE: finding<{ error: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'local.xml missing, truncated, or refused',
    label: { en: 'local.xml unreadable', ja: 'local.xml を読み取れない' },
    example: { error: 'local.xml declares an entity' },
    en: {
      message: (p) => `local.xml could not be read: ${p.error}.`,
      action: () =>
        'Run with administrator rights; if the file is damaged, the connector rewrites it on its next update.',
    },
    ja: {
      message: (p) => `local.xml を読み取れませんでした: ${p.error}。`,
      action: () => '管理者権限で実行してください。ファイルが壊れている場合、コネクタが次回の更新で書き直します。',
    },
  }),
  POLICY_UNREADABLE: finding<{ error: string } & Partial<ProbedPathParams>>({
    role: 'notice',
    status: 'none',
    meaning: 'policy.xml present but unreadable, or the `--policy-file` unreadable; says what was probed instead',
    label: { en: 'policy unreadable', ja: 'ポリシーを読み取れない' },
    example: {
      error: 'policy.xml is not well-formed',
      server: 'https://tetra-defs.amp.cisco.com/',
      serverSource: 'default',
      proxy: 'direct',
      proxySource: 'none',
    },
    en: {
      message: (p) =>
        `The connector's policy could not be read: ${p.error}.${p.server ? ` Probed ${p.server} (${sourceWords('en', p.serverSource)}) ${p.proxy === 'direct' ? 'directly' : `through ${p.proxy} (${sourceWords('en', p.proxySource)})`} instead.` : ''}`,
      action: () =>
        'Pass --policy-file with the policy exported from the console (or fetched from the API), or --region and --proxy, to probe the path the policy defines.',
    },
    ja: {
      message: (p) =>
        `コネクタのポリシーを読み取れませんでした: ${p.error}。${p.server ? `代わりに ${p.server}（${sourceWords('ja', p.serverSource)}）を${p.proxy === 'direct' ? '直接' : `${p.proxy}（${sourceWords('ja', p.proxySource)}）経由で`}確認しました。` : ''}`,
      action: () =>
        '--policy-file でコンソールからエクスポート（または API で取得）したポリシーを指定するか、--region と --proxy を指定して、ポリシーで定義された経路を確認してください。',
    },
  }),
  POLICY_FILE_MISMATCH: finding<{
    problem: 'another policy' | "an older revision of this endpoint's policy";
    fileUuid: string;
    fileSerial: number | string;
    localUuid: string;
    localSerial: number | string;
  }>({
    role: 'notice',
    status: 'none',
    meaning:
      "the `--policy-file` is another policy, or an older serial of the policy, than the one the endpoint's local.xml names (`janus/policy`); both are named, and the path probed from the file is labelled",
    label: { en: "--policy-file is not the endpoint's policy", ja: '--policy-file が端末のポリシーと異なる' },
    example: {
      problem: 'another policy',
      fileUuid: '9c1d7a52-0b4e-4f6e-8a61-3d2f5e7b9a10',
      fileSerial: 112,
      localUuid: '4b2e8f31-6c7d-4a9e-b1f0-2e5d8c7a6b43',
      localSerial: 118,
    },
    en: {
      message: (p) =>
        `The --policy-file is ${p.problem}: it is policy ${p.fileUuid} serial ${p.fileSerial}, and this endpoint's local.xml names policy ${p.localUuid} serial ${p.localSerial}. The path probed still comes from the file, so it may not be the connector's.`,
      action: () =>
        "Export the policy this endpoint runs (its uuid is in local.xml; or find the computer's policy in the console or with the API) and pass that as --policy-file.",
    },
    ja: {
      message: (p) =>
        `--policy-file は${p.problem === 'another policy' ? '別のポリシー' : '古いリビジョン'}です: ファイルはポリシー ${p.fileUuid}（シリアル ${p.fileSerial}）、この端末の local.xml はポリシー ${p.localUuid}（シリアル ${p.localSerial}）を示しています。確認した経路はファイルのものなので、コネクタの経路と異なる可能性があります。`,
      action: () =>
        'この端末が実行しているポリシー（uuid は local.xml にあります。コンソールや API でも確認できます）をエクスポートし、--policy-file に指定してください。',
    },
  }),
  POLICY_UNAVAILABLE: finding<{ reason: string } & ProbedPathParams>({
    role: 'notice',
    status: 'none',
    meaning:
      "the connector's policy could not be read (absent, as from 8.1.3) and part of the probed path was guessed; says what was probed",
    label: { en: 'policy not readable: path guessed', ja: 'ポリシーを読めず経路は推測' },
    example: {
      reason: 'policy.xml is absent',
      server: 'https://tetra-defs.eu.amp.cisco.com/',
      serverSource: 'region',
      proxy: 'proxy.example.com:3128',
      proxySource: 'option',
    },
    en: {
      message: (p) =>
        `The connector's policy could not be read (${p.reason}), so the update path was not taken from it: probed ${p.server} (${sourceWords('en', p.serverSource)}) ${p.proxy === 'direct' ? 'directly (no proxy known)' : `through ${p.proxy} (${sourceWords('en', p.proxySource)})`}. Network causes below are what that path does, not necessarily the connector's.`,
      action: () =>
        "Give the connector's policy with --policy-file (exported from the console or fetched from the API), or name the path with --region and --proxy (or --proxy none), for example once in the script's settings.",
    },
    ja: {
      message: (p) =>
        `コネクタのポリシーを読み取れないため（${p.reason}）、更新経路はポリシーから取得していません。${p.server}（${sourceWords('ja', p.serverSource)}）を${p.proxy === 'direct' ? '直接（プロキシ不明）' : `${p.proxy}（${sourceWords('ja', p.proxySource)}）経由で`}確認しました。以下のネットワークの原因はこの経路の結果で、コネクタの原因とは限りません。`,
      action: () =>
        '--policy-file でコネクタのポリシー（コンソールからのエクスポートまたは API で取得）を指定するか、--region と --proxy（または --proxy none）で経路を指定してください（スクリプトの設定で一度指定できます）。',
    },
  }),
  PROXY_NOT_KNOWN: finding<LastErrorParams>({
    role: 'notice',
    status: 'none',
    meaning: "local.xml's lasterror is a proxy error but no proxy is known: pass `--policy-file` or `--proxy`",
    label: { en: 'connector proxy not known', ja: 'コネクタのプロキシが不明' },
    example: { signed: -2103, unsigned: 4294965193 },
    en: {
      message: (p) =>
        `The connector's last update failed with a proxy error (lasterror ${p.unsigned} / ${p.signed}), so it uses a proxy, but tetra-doctor does not know that proxy: the probes went direct and did not test the connector's path.`,
      action: () =>
        "Pass --policy-file with this endpoint's policy (console export or API), or --proxy http://host:port, so that the probes go through the connector's proxy.",
    },
    ja: {
      message: (p) =>
        `コネクタの前回の更新はプロキシのエラー（lasterror ${p.unsigned} / ${p.signed}）で失敗しており、プロキシを使用していますが、tetra-doctor はそのプロキシを把握していません。確認は直接接続で行われ、コネクタの経路は確認されていません。`,
      action: () =>
        '--policy-file でこの端末のポリシー（コンソールのエクスポートまたは API）を指定するか、--proxy http://host:port を指定して、コネクタのプロキシ経由で確認してください。',
    },
  }),
  UPGRADE_PENDING_REBOOT: finding<{ pending: string; live: string }>({
    role: 'notice',
    status: 'none',
    meaning: "a newer version folder than the service's is installed: an upgrade waits for a reboot",
    label: { en: 'connector upgrade waiting for a reboot', ja: 'コネクタのアップグレードが再起動待ち' },
    example: { pending: '8.1.9.21500', live: '8.1.7.21417' },
    en: {
      message: (p) =>
        `A newer connector folder ${p.pending} is installed, but the service still runs ${p.live}: an upgrade is waiting for a reboot.`,
      action: () => 'Reboot the endpoint to finish the connector upgrade, then check again.',
    },
    ja: {
      message: (p) =>
        `新しいコネクタのフォルダ ${p.pending} がインストールされていますが、サービスはまだ ${p.live} で動作しています。アップグレードが再起動待ちです。`,
      action: () => '端末を再起動してコネクタのアップグレードを完了し、再確認してください。',
    },
  }),
  PROXY_SETTING_UNINTERPRETED: finding<{ field: string; value: string }>({
    role: 'notice',
    status: 'none',
    meaning:
      'a policy.xml proxy `type`, `authtype`, `port`, `server` or `pacloc` cannot be interpreted; that proxy is not probed (`probe` exits 4)',
    label: { en: 'policy proxy setting not interpretable', ja: 'ポリシーのプロキシ設定を解釈できない' },
    example: { field: 'type', value: '7' },
    en: {
      message: (p) =>
        `The policy's proxy ${p.field} "${p.value}" cannot be interpreted; the policy's proxy was not probed.`,
      action: () =>
        "Pass --proxy with the proxy's URL (http://, socks4://, socks4a://, socks5:// or socks5h://) to probe the path the connector uses.",
    },
    ja: {
      message: (p) =>
        `ポリシーのプロキシ設定 ${p.field}「${p.value}」を解釈できないため、ポリシーのプロキシ経路は確認していません。`,
      action: () =>
        '--proxy にプロキシの URL（http://、socks4://、socks4a://、socks5://、socks5h://）を指定して、コネクタが使う経路を確認してください。',
    },
  }),
  WINHTTP_PATH_FAILED: finding<{ proxy: string; error: string }>({
    role: 'notice',
    status: 'none',
    meaning:
      "the connector's proxy is unknown and the path through the machine's WinHTTP proxy fails (not asserted as the cause)",
    label: { en: 'WinHTTP proxy path fails', ja: 'WinHTTP プロキシ経路の失敗' },
    example: { proxy: 'winproxy.example.com:8080', error: 'connect ECONNREFUSED' },
    en: {
      message: (p) =>
        `Through the machine's WinHTTP proxy (${p.proxy}) the update server cannot be reached: ${p.error}. The connector's own proxy is not known, so this is not asserted as its cause.`,
      action: () =>
        "If the connector uses the WinHTTP proxy, fix this path; otherwise pass --proxy or --policy-file to probe the connector's own path.",
    },
    ja: {
      message: (p) =>
        `端末の WinHTTP プロキシ（${p.proxy}）経由では更新サーバーに到達できません${jaDetail(p.error)}。コネクタ自身のプロキシが不明なため、これをコネクタの原因とは断定しません。`,
      action: () =>
        'コネクタが WinHTTP プロキシを使う場合はこの経路を修正してください。そうでなければ --proxy または --policy-file を指定して、コネクタ自身の経路を確認してください。',
    },
  }),
  STATE_DIR_UNTRUSTED: finding<{ reason: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'running elevated, the state folder is writable by non-admins: no history, lock or cooldown is used there',
    label: { en: 'state folder writable by non-admins', ja: '一般ユーザーが書き込める状態フォルダ' },
    example: { reason: 'C:\\ProgramData\\tetra-doctor is writable by BUILTIN\\Users' },
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
  }),
  // sameAs: the code of the cause that already states this failure (the 407 that failed every check), named instead
  // of said again (src/diagnose/rootCauses.ts).
  REFERENCE_UNAVAILABLE: finding<{ error: string; sameAs?: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'latest version could not be read',
    label: { en: 'latest version unavailable', ja: '最新バージョンを取得できない' },
    example: { error: 'HTTP 503 Service Unavailable' },
    en: {
      message: (p) =>
        p.sameAs
          ? `The latest published TETRA version could not be read: the same failure as ${p.sameAs}.`
          : `The latest published TETRA version could not be read: ${p.error}.`,
      action: () =>
        'Compare the version by hand with the console (Management > AV Definition Summary), or pass --reference-url.',
    },
    ja: {
      message: (p) =>
        p.sameAs
          ? `公開されている最新の TETRA バージョンを取得できませんでした（原因は ${p.sameAs} のとおり）。`
          : `公開されている最新の TETRA バージョンを取得できませんでした${jaDetail(p.error)}。`,
      action: () =>
        'コンソール（Management > AV Definition Summary）と手動で比較するか、--reference-url を指定してください。',
    },
  }),
  INTERMITTENT_FAILURES: finding<{ unhealthy: number; runs: number; last: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'healthy now, but unhealthy in at least 2 of the last 10 runs (from the history)',
    label: { en: 'intermittent failures', ja: '断続的な失敗' },
    example: { unhealthy: 3, runs: 10, last: '2026-11-26T08:00:00.000Z' },
    en: {
      message: (p) =>
        `Definitions are current now, but ${p.unhealthy} of the last ${p.runs} checks found them not current (last at ${p.last}): an intermittent problem.`,
      action: () =>
        `Look for what comes and goes on the update path (proxy, VPN, firewall schedules); if it keeps recurring, ${ESCALATE_EN}.`,
    },
    ja: {
      message: (p) =>
        `現在は定義が最新ですが、直近 ${p.runs} 回の確認のうち ${p.unhealthy} 回は最新ではありませんでした（最後は ${p.last}）。断続的な問題です。`,
      action: () =>
        `更新経路上で状態が変わるもの（プロキシ、VPN、ファイアウォールのスケジュール）を確認してください。繰り返す場合は、${ESCALATE_JA}。`,
    },
  }),
  LAST_UPDATE_IN_FUTURE: finding<{ lastUpdate: string; now: string; hours: number }>({
    role: 'notice',
    status: 'none',
    meaning:
      "the last successful update is more than an hour after this endpoint's clock: the age is unknown (fix the clock)",
    label: { en: 'last update in the future', ja: '最終更新が未来の日時' },
    example: { lastUpdate: '2026-11-28T12:00:00.000Z', now: '2026-11-27T12:00:00.000Z', hours: 24 },
    en: {
      message: (p) =>
        `The last successful update (${p.lastUpdate}) lies ${p.hours} h after this endpoint's clock (${p.now}): the clock or the connector's record is wrong, so the age of the definitions is unknown.`,
      action: () => "Check the endpoint's clock and time source (w32tm /query /status); once it is right, run again.",
    },
    ja: {
      message: (p) =>
        `最終更新成功（${p.lastUpdate}）がこの端末の時刻（${p.now}）より ${p.hours} 時間先になっています。時刻かコネクタの記録が誤っているため、定義の経過時間は不明です。`,
      action: () => '端末の時刻と時刻同期（w32tm /query /status）を確認し、正しくなってから再実行してください。',
    },
  }),
  // A collect killed with debug logging on, found by the next run (see state/debugLogging.ts).
  DEBUG_LOGGING_RESTORED: finding<{ pid: number | '?'; since: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'a `collect` was killed with debug logging on; this run turned it off (`sfc.exe -l stop`)',
    label: { en: 'debug logging left on, turned off', ja: 'デバッグログの無効化漏れを修正' },
    example: { pid: 4242, since: '2026-11-27T11:00:00.000Z' },
    en: {
      message: (p) =>
        `An earlier collect (process ${p.pid}, debug logging on since ${p.since}) ended without turning the connector's debug logging off; it has been turned off now (sfc.exe -l stop).`,
      action: () => 'Nothing more to do; run "tetra-doctor collect" again if the bundle it was making is still needed.',
    },
    ja: {
      message: (p) =>
        `以前の collect（プロセス ${p.pid}、${p.since} からデバッグログ有効）がデバッグログを無効に戻さずに終了していたため、無効に戻しました（sfc.exe -l stop）。`,
      action: () => '対応は不要です。作成中だった資料が必要であれば「tetra-doctor collect」を再実行してください。',
    },
  }),
  DEBUG_LOGGING_LEFT_ON: finding<{ since: string; error: string }>({
    role: 'notice',
    status: 'none',
    meaning: 'a `collect` was killed with debug logging on, and this run could not turn it off',
    label: { en: 'debug logging left on', ja: 'デバッグログが有効のまま' },
    example: { since: '2026-11-27T11:00:00.000Z', error: 'sfc.exe -l stop did not finish' },
    en: {
      message: (p) =>
        `An earlier collect turned the connector's debug logging on (since ${p.since}) and ended without turning it off, and it could not be turned off now: ${p.error}.`,
      action: () =>
        'Turn it off by hand as an administrator ("C:\\Program Files\\Cisco\\AMP\\<version>\\sfc.exe" -l stop): left on, debug logging fills the disk.',
    },
    ja: {
      message: (p) =>
        `以前の collect がデバッグログを有効にしたまま（${p.since} から）終了しており、今回も無効に戻せませんでした: ${p.error}。`,
      action: () =>
        '管理者として手動で無効にしてください（"C:\\Program Files\\Cisco\\AMP\\<version>\\sfc.exe" -l stop）。有効のままではデバッグログがディスクを圧迫します。',
    },
  }),
};
