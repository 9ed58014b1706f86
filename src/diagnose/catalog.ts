// What each finding says and what a sysadmin should do, following the troubleshooting procedure, in English and Japanese.
import type { Language } from '../options';
import type { FindingCode, FindingParams } from './codes';

type Text = (p: FindingParams) => string;
interface Entry {
  message: Text;
  action: Text;
}

const ESCALATE_EN = 'run "tetra-doctor collect" (debug logging for one update interval, support bundle, packet capture) and open a Cisco TAC case';
const ESCALATE_JA = '「tetra-doctor collect」でデバッグモードを1回の更新間隔だけ有効にし、サポートバンドルとパケットキャプチャを取得して Cisco TAC にケースをオープンしてください';

/** Where a part of the probed path came from (PathProvenance's source codes), in words. */
const SOURCE_WORDS: Record<Language, Record<string, string>> = {
  en: { option: 'from the command line', policy: "from the connector's policy", 'policy-file': 'from --policy-file', region: 'from --region', default: 'the North American default', none: 'none named' },
  ja: { option: 'コマンドラインで指定', policy: 'コネクタのポリシーから', 'policy-file': '--policy-file から', region: '--region から', default: '北米の既定値', none: '指定なし' },
};
const said = (lang: Language, source: string | number | undefined) => SOURCE_WORDS[lang][String(source)] ?? String(source);

const en: Record<FindingCode, Entry> = {
  CONNECTOR_NOT_FOUND: { message: (p) => `No Secure Endpoint connector found (${p.reason}).`, action: () => 'Nothing to check here; if the connector should be installed, deploy it, or pass --amp-dir with its install folder.' },
  AMP_DIR_UNTRUSTED: { message: (p) => `Refused to use the install folder: ${p.reason}. Running elevated, executing or trusting files that non-admins can change would hand them SYSTEM.`, action: () => 'Restore the folder\'s permissions so that only administrators and SYSTEM can write to it (icacls "C:\\Program Files\\Cisco\\AMP" /reset /T, or reinstall the connector), then run again.' },
  TETRA_DISABLED: { message: () => 'TETRA is turned off by policy on this endpoint.', action: () => 'No definitions to keep current; enable TETRA in the policy if this endpoint should have it.' },
  TETRA_UPDATER_DISABLED: { message: () => 'The TETRA definition updater is turned off by policy.', action: () => 'Enable TETRA definition updates in the policy (Outbreak Control > TETRA > Automatic content updates).' },
  CONNECTOR_NOT_RUNNING: { message: (p) => `The connector service ${p.service} is not running.`, action: () => 'Start the connector (sc.exe start CiscoAMP, or sfc.exe -s) and find out why it stopped in the Windows event log.' },
  CONNECTOR_DISCONNECTED: { message: () => 'The connector is not connected to the Secure Endpoint cloud.', action: () => 'Check that the endpoint can reach the Secure Endpoint cloud servers and that its "Last Seen" in the console is recent.' },
  DEFINITIONS_STALE: { message: (p) => `TETRA definitions were last updated successfully ${Number(p.ageHours) < 48 ? `${p.ageHours} h` : `${p.ageDays} days`} ago (${p.lastUpdate}), more than ${p.maxAgeHours} h.`, action: () => 'Force an update ("tetra-doctor remediate", or sfc.exe -forceupdate on connector 7.2.7 and later) and fix the cause reported with it.' },
  DEFINITIONS_BEHIND: { message: (p) => `TETRA definitions ${p.version} are ${p.behind} versions behind the latest ${p.latest} (more than ${p.maxBehind}).`, action: () => 'Force an update ("tetra-doctor remediate") and check the version again.' },
  DEFINITIONS_UNKNOWN: { message: () => 'The TETRA definition state could not be read: neither AmpCLI posture nor local.xml gave the last update, and no reference version was available.', action: () => 'Check that the connector is installed correctly and that this tool runs with administrator rights; see the other findings for what failed.' },
  INTERNAL_ERROR: { message: (p) => `tetra-doctor failed unexpectedly: ${p.error}.`, action: () => 'Run again; if it keeps failing, report it to the tetra-doctor team with this output.' },
  CAUSE_UNDETERMINED: { message: () => 'Definitions are not current, yet no check found a cause.', action: () => `Force an update ("tetra-doctor remediate"); if it still does not update, ${ESCALATE_EN}.` },
  LASTERROR_PROXY_CONNECT: { message: (p) => `The connector's last update failed: it could not connect to the proxy (lasterror ${p.unsigned} / ${p.signed}).`, action: () => 'Check network connectivity from the endpoint to the proxy.' },
  LASTERROR_PROXY_AUTH: { message: (p) => `The connector's last update failed: the proxy rejected its credentials (lasterror ${p.unsigned} / ${p.signed}).`, action: () => 'Check the proxy credentials in the policy (Proxy settings) against the proxy.' },
  LASTERROR_PROXY_DOWNLOAD: { message: (p) => `The connector's last update failed: it reached the proxy but the download failed (lasterror ${p.unsigned} / ${p.signed}).`, action: () => 'Check the proxy logs for the definition download and whether the proxy inspects or blocks it.' },
  LASTERROR_OTHER: { message: (p) => `The connector's last update failed with error ${p.unsigned} / ${p.signed}.`, action: () => `Force an update and check the network findings; if it keeps failing, ${ESCALATE_EN}.` },
  DNS_RESOLUTION_FAILED: { message: (p) => `The update server name does not resolve: ${p.error}.`, action: () => 'Check the endpoint\'s DNS servers and that they resolve the TETRA update server (Resolve-DnsName).' },
  SERVER_UNREACHABLE: { message: (p) => `The update server ${p.target} cannot be reached: ${p.error}.`, action: () => 'Check firewalls and routes for HTTPS (TCP 443) from the endpoint to the TETRA update server.' },
  TLS_VERIFY_FAILED: { message: (p) => `The update server's certificate was rejected: ${p.error}.`, action: () => 'Check for TLS inspection replacing the certificate, the endpoint clock, and that the root certificate is trusted.' },
  TLS_HANDSHAKE_FAILED: { message: (p) => `The TLS handshake with ${p.target} failed: ${p.error}.`, action: () => 'Check for a middlebox that interferes with TLS to the update server.' },
  REVOCATION_UNREACHABLE: { message: (p) => `A certificate revocation endpoint cannot be reached: ${p.target} (${p.error}).`, action: () => 'Allow the endpoint to reach the OCSP and CRL servers named in the certificate (for example commercial.ocsp.identrust.com, validation.identrust.com); otherwise schannel fails with 0x80092013.' },
  HTTP_ERROR: { message: (p) => `The update server answered with an error: ${p.error}.`, action: () => 'Check what sits in front of the update server on this network (proxy, filter) and retry later if the service itself is failing.' },
  DOWNLOAD_INTERRUPTED: { message: (p) => `The download was interrupted: ${p.error}.`, action: () => 'Check for devices that cut long downloads (firewall, IPS, proxy size limits) between the endpoint and the update server.' },
  PROXY_UNREACHABLE: { message: (p) => `The proxy cannot be reached: ${p.error}.`, action: () => 'Check the proxy address and port in the policy and network connectivity from the endpoint to the proxy.' },
  PROXY_AUTH_REJECTED: { message: (p) => `The proxy rejected the credentials (HTTP 407): ${p.error}.`, action: () => 'Check the proxy user name and password in the policy against the proxy.' },
  PROXY_DOWNLOAD_FAILED: { message: (p) => `The proxy was reached but the tunnel or download through it failed: ${p.error}.`, action: () => 'Check the proxy logs and rules for the TETRA update server (CONNECT to port 443 must be allowed).' },
  TLS_INSPECTED: { message: (p) => `The certificate chain of ${p.target} ends in a root that no public root bundle has (${p.root}): the traffic to Cisco is decrypted by TLS inspection.`, action: () => 'Exempt the Secure Endpoint servers from TLS inspection on the proxy or firewall (Cisco says their traffic must not be decrypted); if this is your own private root (for example Private Cloud), pass it with --ca-file.' },
  TRUST_ROOT_MISSING: { message: (p) => `The certificate chain of ${p.target} ends in the public root ${p.root} (SHA-1 ${p.thumbprint}), which is not in this machine's trusted root store: the connector, which trusts only that store, fails where a public bundle passes.${p.requiredMissing ? ` Cisco's required roots missing from the store: ${p.requiredMissing}.` : ''}`, action: () => 'Add the missing root to Cert:\\LocalMachine\\Root (or allow Windows automatic root update, often blocked on hardened machines); Cisco TechNote 216943 lists the roots the connector needs.' },
  POLICY_UNAVAILABLE: { message: (p) => `The connector's policy could not be read (${p.reason}), so the update path was not taken from it: probed ${p.server} (${said('en', p.serverSource)}) ${p.proxy === 'direct' ? 'directly (no proxy known)' : `through ${p.proxy} (${said('en', p.proxySource)})`}. Network causes below are what that path does, not necessarily the connector's.`, action: () => 'Give the connector\'s policy with --policy-file (exported from the console or fetched from the API), or name the path with --region and --proxy (or --proxy none), for example once in the script\'s settings.' },
  PROXY_NOT_KNOWN: { message: (p) => `The connector's last update failed with a proxy error (lasterror ${p.unsigned} / ${p.signed}), so it uses a proxy, but tetra-doctor does not know that proxy: the probes went direct and did not test the connector's path.`, action: () => 'Pass --policy-file with this endpoint\'s policy (console export or API), or --proxy http://host:port, so that the probes go through the connector\'s proxy.' },
  UPGRADE_PENDING_REBOOT: { message: (p) => `A newer connector folder ${p.pending} is installed, but the service still runs ${p.live}: an upgrade is waiting for a reboot.`, action: () => 'Reboot the endpoint to finish the connector upgrade, then check again.' },
  POSTURE_UNAVAILABLE: { message: (p) => `AmpCLI posture was not usable (${p.error}); local.xml was used instead.`, action: () => 'Check the connector install; if AmpCLI keeps failing, include this in the TAC case.' },
  LOCAL_XML_UNREADABLE: { message: (p) => `local.xml could not be read: ${p.error}.`, action: () => 'Run with administrator rights; if the file is damaged, the connector rewrites it on its next update.' },
  STATE_DIR_UNTRUSTED: { message: (p) => `Refused to use the state folder: ${p.reason}. Its lock, cooldown and history steer an elevated process, so only administrators may write there.`, action: () => 'Restrict the folder to Administrators and SYSTEM (icacls "%ProgramData%\\tetra-doctor" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F), or pass --state-dir with a folder that is.' },
  POLICY_UNREADABLE: { message: (p) => `The connector's policy could not be read: ${p.error}.${p.server ? ` Probed ${p.server} (${said('en', p.serverSource)}) ${p.proxy === 'direct' ? 'directly' : `through ${p.proxy} (${said('en', p.proxySource)})`} instead.` : ''}`, action: () => 'Pass --policy-file with the policy exported from the console (or fetched from the API), or --region and --proxy, to probe the path the policy defines.' },
  REFERENCE_UNAVAILABLE: { message: (p) => `The latest published TETRA version could not be read: ${p.error}.`, action: () => 'Compare the version by hand with the console (Management > AV Definition Summary), or pass --reference-url.' },
  INTERMITTENT_FAILURES: { message: (p) => `Definitions are current now, but ${p.unhealthy ?? '?'} of the last ${p.runs ?? '?'} checks found them not current (last at ${p.last ?? '?'}): an intermittent problem.`, action: () => `Look for what comes and goes on the update path (proxy, VPN, firewall schedules); if it keeps recurring, ${ESCALATE_EN}.` },
  REMEDIATION_COOLDOWN: { message: (p) => `An update was forced at ${p.lastForcedAt ?? '?'}; the next one is allowed after ${p.until ?? '?'} (cooldown ${p.minutes ?? '?'} min), so none was forced now.`, action: () => 'Fix the cause reported with it; to force again sooner, run "tetra-doctor remediate --cooldown-minutes 0".' },
  FORCEUPDATE_UNSUPPORTED: { message: (p) => `Connector ${p.version ?? '?'} has no sfc.exe -forceupdate (it came with 7.2.7), so no update was forced.`, action: () => 'Upgrade the connector to 7.2.7 or later, or wait for its next scheduled update after fixing the cause reported with it.' },
  FORCEUPDATE_FAILED: { message: (p) => `sfc.exe -forceupdate could not be run: ${p.error ?? '?'}.`, action: () => 'Run tetra-doctor with administrator rights and check that the connector install folder is intact.' },
  FORCEUPDATE_NO_CHANGE: { message: (p) => `An update was forced, but neither the TETRA version nor the last successful update changed within ${p.seconds ?? '?'} s.`, action: () => `Fix the cause reported with it; if none is reported or it persists, ${ESCALATE_EN}.` },
  REMEDIATION_BUSY: { message: (p) => `Another tetra-doctor run (process ${p.pid ?? '?'}, started ${p.startedAt ?? '?'}) is remediating this endpoint; this run did nothing.`, action: () => 'Nothing to do: the other run reports the result. Check again later.' },
};

const ja: Record<FindingCode, Entry> = {
  CONNECTOR_NOT_FOUND: { message: (p) => `Secure Endpoint コネクタが見つかりません（${p.reason}）。`, action: () => 'この端末では確認対象がありません。インストールされているはずの場合は、コネクタを展開するか、--amp-dir でインストールフォルダを指定してください。' },
  AMP_DIR_UNTRUSTED: { message: (p) => `インストールフォルダの使用を拒否しました: ${p.reason}。管理者権限で動作中に一般ユーザーが変更できるファイルを実行・信頼すると、SYSTEM 権限を与えることになります。`, action: () => '管理者と SYSTEM だけが書き込めるようにフォルダのアクセス権を戻し（icacls "C:\\Program Files\\Cisco\\AMP" /reset /T、またはコネクタの再インストール）、再実行してください。' },
  TETRA_DISABLED: { message: () => 'この端末ではポリシーにより TETRA が無効になっています。', action: () => '更新すべき定義はありません。TETRA が必要な端末であれば、ポリシーで TETRA を有効にしてください。' },
  TETRA_UPDATER_DISABLED: { message: () => 'ポリシーにより TETRA 定義の自動更新が無効になっています。', action: () => 'ポリシーで TETRA 定義の自動更新を有効にしてください。' },
  CONNECTOR_NOT_RUNNING: { message: (p) => `コネクタのサービス ${p.service} が動作していません。`, action: () => 'コネクタを起動し（sc.exe start CiscoAMP または sfc.exe -s）、停止した理由を Windows のイベントログで確認してください。' },
  CONNECTOR_DISCONNECTED: { message: () => 'コネクタが Secure Endpoint クラウドに接続されていません。', action: () => '端末から Secure Endpoint クラウドのサーバーに到達できること、コンソールの「Last Seen」が最近であることを確認してください。' },
  DEFINITIONS_STALE: { message: (p) => `TETRA 定義の最終更新成功は ${Number(p.ageHours) < 48 ? `${p.ageHours} 時間` : `${p.ageDays} 日`}前（${p.lastUpdate}）で、${p.maxAgeHours} 時間を超えています。`, action: () => '手動で定義を更新し（「tetra-doctor remediate」、またはコネクタ 7.2.7 以降では sfc.exe -forceupdate）、あわせて報告された原因を解消してください。' },
  DEFINITIONS_BEHIND: { message: (p) => `TETRA 定義 ${p.version} は最新の ${p.latest} より ${p.behind} バージョン遅れています（許容 ${p.maxBehind}）。`, action: () => '手動で定義を更新し（「tetra-doctor remediate」）、バージョンを再確認してください。' },
  DEFINITIONS_UNKNOWN: { message: () => 'TETRA 定義の状態を読み取れませんでした。AmpCLI posture からも local.xml からも最終更新日時が得られず、最新バージョンも取得できませんでした。', action: () => 'コネクタが正しくインストールされていること、このツールを管理者権限で実行していることを確認してください。失敗の内容は他の検出結果を参照してください。' },
  INTERNAL_ERROR: { message: (p) => `tetra-doctor が予期しないエラーで失敗しました: ${p.error}。`, action: () => '再実行してください。失敗が続く場合は、この出力を添えて tetra-doctor の担当者に報告してください。' },
  CAUSE_UNDETERMINED: { message: () => '定義が最新ではありませんが、どのチェックでも原因が見つかりませんでした。', action: () => `手動で定義を更新してください（「tetra-doctor remediate」）。それでも更新されない場合は、${ESCALATE_JA}。` },
  LASTERROR_PROXY_CONNECT: { message: (p) => `コネクタの前回の更新は、プロキシに接続できず失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`, action: () => '端末からプロキシへのネットワーク接続性を確認してください。' },
  LASTERROR_PROXY_AUTH: { message: (p) => `コネクタの前回の更新は、プロキシ認証に失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`, action: () => 'ポリシーのプロキシ設定の認証情報がプロキシ側と一致しているか確認してください。' },
  LASTERROR_PROXY_DOWNLOAD: { message: (p) => `コネクタの前回の更新は、プロキシには接続できたもののダウンロードに失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`, action: () => 'プロキシのログで定義ファイルのダウンロードを確認し、プロキシが検査・遮断していないか調べてください。' },
  LASTERROR_OTHER: { message: (p) => `コネクタの前回の更新はエラー ${p.unsigned} / ${p.signed} で失敗しました。`, action: () => `手動で定義を更新し、ネットワークの検出結果を確認してください。失敗が続く場合は、${ESCALATE_JA}。` },
  DNS_RESOLUTION_FAILED: { message: (p) => `更新サーバーのアドレスを名前解決できません: ${p.error}。`, action: () => '端末の DNS サーバーが TETRA 更新サーバーを名前解決できるか確認してください（Resolve-DnsName）。' },
  SERVER_UNREACHABLE: { message: (p) => `更新サーバー ${p.target} に到達できません: ${p.error}。`, action: () => '端末から TETRA 更新サーバーへの HTTPS（TCP 443）がファイアウォールや経路で遮断されていないか確認してください。' },
  TLS_VERIFY_FAILED: { message: (p) => `更新サーバーの SSL 証明書の検証に失敗しました: ${p.error}。`, action: () => 'TLS インスペクションによる証明書の差し替え、端末の時刻、ルート証明書が信頼されているかを確認してください。' },
  TLS_HANDSHAKE_FAILED: { message: (p) => `${p.target} との TLS ハンドシェイクに失敗しました: ${p.error}。`, action: () => '更新サーバーへの TLS 通信に干渉する機器がないか確認してください。' },
  REVOCATION_UNREACHABLE: { message: (p) => `証明書失効リストまたは OCSP のサーバーに到達できません: ${p.target}（${p.error}）。`, action: () => '証明書に記載された OCSP／証明書失効リストのサーバー（例: commercial.ocsp.identrust.com、validation.identrust.com）への通信を許可してください。到達できないと schannel が 0x80092013 で失敗します。' },
  HTTP_ERROR: { message: (p) => `更新サーバーがエラーを返しました: ${p.error}。`, action: () => 'このネットワークで更新サーバーの手前にある機器（プロキシ、フィルター）を確認し、サービス側の障害であれば時間をおいて再試行してください。' },
  DOWNLOAD_INTERRUPTED: { message: (p) => `ダウンロードが中断されました: ${p.error}。`, action: () => '端末と更新サーバーの間で長いダウンロードを切断する機器（ファイアウォール、IPS、プロキシのサイズ制限）がないか確認してください。' },
  PROXY_UNREACHABLE: { message: (p) => `プロキシに到達できません: ${p.error}。`, action: () => 'ポリシーのプロキシのアドレスとポート、および端末からプロキシへのネットワーク接続性を確認してください。' },
  PROXY_AUTH_REJECTED: { message: (p) => `プロキシが認証情報を拒否しました（HTTP 407）: ${p.error}。`, action: () => 'ポリシーのプロキシのユーザー名とパスワードがプロキシ側と一致しているか確認してください。' },
  PROXY_DOWNLOAD_FAILED: { message: (p) => `プロキシには到達しましたが、トンネルまたはダウンロードに失敗しました: ${p.error}。`, action: () => 'プロキシのログとルールで TETRA 更新サーバーへの通信（ポート 443 への CONNECT）が許可されているか確認してください。' },
  TLS_INSPECTED: { message: (p) => `${p.target} の証明書チェーンは、公開ルートバンドルにないルート（${p.root}）で終わっています。Cisco への通信が TLS インスペクションで復号されています。`, action: () => 'プロキシやファイアウォールで Secure Endpoint のサーバーを TLS インスペクションの対象外にしてください（Cisco は通信を復号しないよう求めています）。自組織のプライベートルート（Private Cloud など）であれば --ca-file で指定してください。' },
  TRUST_ROOT_MISSING: { message: (p) => `${p.target} の証明書チェーンは公開ルート ${p.root}（SHA-1 ${p.thumbprint}）で終わっていますが、この端末の信頼されたルートストアにありません。ストアだけを信頼するコネクタは失敗します。${p.requiredMissing ? `ストアにない Cisco の必須ルート: ${p.requiredMissing}。` : ''}`, action: () => '不足しているルートを Cert:\\LocalMachine\\Root に追加するか、Windows のルート証明書の自動更新を許可してください（Cisco TechNote 216943 に必要なルートの一覧があります）。' },
  POLICY_UNAVAILABLE: { message: (p) => `コネクタのポリシーを読み取れないため（${p.reason}）、更新経路はポリシーから取得していません。${p.server}（${said('ja', p.serverSource)}）を${p.proxy === 'direct' ? '直接（プロキシ不明）' : `${p.proxy}（${said('ja', p.proxySource)}）経由で`}確認しました。以下のネットワークの原因はこの経路の結果で、コネクタの原因とは限りません。`, action: () => '--policy-file でコネクタのポリシー（コンソールからのエクスポートまたは API で取得）を指定するか、--region と --proxy（または --proxy none）で経路を指定してください（スクリプトの設定で一度指定できます）。' },
  PROXY_NOT_KNOWN: { message: (p) => `コネクタの前回の更新はプロキシのエラー（lasterror ${p.unsigned} / ${p.signed}）で失敗しており、プロキシを使用していますが、tetra-doctor はそのプロキシを把握していません。確認は直接接続で行われ、コネクタの経路は確認されていません。`, action: () => '--policy-file でこの端末のポリシー（コンソールのエクスポートまたは API）を指定するか、--proxy http://host:port を指定して、コネクタのプロキシ経由で確認してください。' },
  UPGRADE_PENDING_REBOOT: { message: (p) => `新しいコネクタのフォルダ ${p.pending} がインストールされていますが、サービスはまだ ${p.live} で動作しています。アップグレードが再起動待ちです。`, action: () => '端末を再起動してコネクタのアップグレードを完了し、再確認してください。' },
  POSTURE_UNAVAILABLE: { message: (p) => `AmpCLI posture を利用できなかったため（${p.error}）、local.xml を使用しました。`, action: () => 'コネクタのインストールを確認してください。AmpCLI の失敗が続く場合は TAC ケースに含めてください。' },
  LOCAL_XML_UNREADABLE: { message: (p) => `local.xml を読み取れませんでした: ${p.error}。`, action: () => '管理者権限で実行してください。ファイルが壊れている場合、コネクタが次回の更新で書き直します。' },
  STATE_DIR_UNTRUSTED: { message: (p) => `状態フォルダの使用を拒否しました: ${p.reason}。ロック、クールダウン、履歴は管理者権限のプロセスの動作を左右するため、書き込めるのは管理者だけでなければなりません。`, action: () => 'フォルダを Administrators と SYSTEM のみに制限するか（icacls "%ProgramData%\\tetra-doctor" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F）、そのように制限されたフォルダを --state-dir で指定してください。' },
  POLICY_UNREADABLE: { message: (p) => `コネクタのポリシーを読み取れませんでした: ${p.error}。${p.server ? `代わりに ${p.server}（${said('ja', p.serverSource)}）を${p.proxy === 'direct' ? '直接' : `${p.proxy}（${said('ja', p.proxySource)}）経由で`}確認しました。` : ''}`, action: () => '--policy-file でコンソールからエクスポート（または API で取得）したポリシーを指定するか、--region と --proxy を指定して、ポリシーで定義された経路を確認してください。' },
  REFERENCE_UNAVAILABLE: { message: (p) => `公開されている最新の TETRA バージョンを取得できませんでした: ${p.error}。`, action: () => 'コンソール（Management > AV Definition Summary）と手動で比較するか、--reference-url を指定してください。' },
  INTERMITTENT_FAILURES: { message: (p) => `現在は定義が最新ですが、直近 ${p.runs ?? '?'} 回の確認のうち ${p.unhealthy ?? '?'} 回は最新ではありませんでした（最後は ${p.last ?? '?'}）。断続的な問題です。`, action: () => `更新経路上で状態が変わるもの（プロキシ、VPN、ファイアウォールのスケジュール）を確認してください。繰り返す場合は、${ESCALATE_JA}。` },
  REMEDIATION_COOLDOWN: { message: (p) => `${p.lastForcedAt ?? '?'} に手動更新を実行済みのため、今回は実行しませんでした。次回の実行は ${p.until ?? '?'} 以降です（待機時間 ${p.minutes ?? '?'} 分）。`, action: () => 'あわせて報告された原因を解消してください。すぐに再実行する場合は「tetra-doctor remediate --cooldown-minutes 0」を使用してください。' },
  FORCEUPDATE_UNSUPPORTED: { message: (p) => `コネクタ ${p.version ?? '?'} には sfc.exe -forceupdate がない（7.2.7 以降で利用可能）ため、手動更新は実行しませんでした。`, action: () => 'コネクタを 7.2.7 以降にアップグレードするか、報告された原因を解消したうえで次回の定期更新を待ってください。' },
  FORCEUPDATE_FAILED: { message: (p) => `sfc.exe -forceupdate を実行できませんでした: ${p.error ?? '?'}。`, action: () => 'tetra-doctor を管理者権限で実行し、コネクタのインストールフォルダが壊れていないか確認してください。' },
  FORCEUPDATE_NO_CHANGE: { message: (p) => `手動更新を実行しましたが、${p.seconds ?? '?'} 秒以内に TETRA のバージョンも最終更新成功日時も変わりませんでした。`, action: () => `あわせて報告された原因を解消してください。原因が報告されていない場合や解消しない場合は、${ESCALATE_JA}。` },
  REMEDIATION_BUSY: { message: (p) => `別の tetra-doctor（プロセス ${p.pid ?? '?'}、${p.startedAt ?? '?'} 開始）がこの端末を修復中のため、今回は何も実行しませんでした。`, action: () => '対応は不要です。結果は実行中のほうが報告します。時間をおいて再確認してください。' },
};

export const CATALOG: Record<Language, Record<FindingCode, Entry>> = { en, ja };

/** Appended to a network cause found on a guessed path (see PathProvenance). */
export const GUESSED_PATH_NOTE: Record<Language, string> = {
  en: ' (Found on a path tetra-doctor guessed, because the connector\'s policy could not be read: it may not be the connector\'s own cause.)',
  ja: '（コネクタのポリシーを読み取れなかったため tetra-doctor が推測した経路での結果であり、コネクタ自身の原因とは限りません。）',
};
