// Causes: why definitions do not arrive. An error while unhealthy, a warning while definitions are current.
import { ESCALATE_EN, ESCALATE_JA, finding, jaDetail, type LastErrorParams, type ProbeParams } from './definition';

/** The WinHTTP route in words: direct (no WinHTTP proxy set), or through the WinHTTP proxy. */
const winHttpRouteEn = (route: string | undefined) =>
  !route || route === 'direct' ? 'direct: no WinHTTP proxy is set' : `through the WinHTTP proxy ${route}`;
const winHttpRouteJa = (route: string | undefined) =>
  !route || route === 'direct' ? 'WinHTTP プロキシ未設定のため直接' : `WinHTTP プロキシ ${route} 経由`;

export const CAUSES = {
  CONNECTOR_DISCONNECTED: finding({
    role: 'cause',
    status: 'none',
    meaning: 'not connected to the cloud',
    label: { en: 'connector not connected to the cloud', ja: 'コネクタがクラウドに未接続' },
    example: {},
    en: {
      message: () => 'The connector is not connected to the Secure Endpoint cloud.',
      action: () =>
        'Check that the endpoint can reach the Secure Endpoint cloud servers and that its "Last Seen" in the console is recent.',
    },
    ja: {
      message: () => 'コネクタが Secure Endpoint クラウドに接続されていません。',
      action: () =>
        '端末から Secure Endpoint クラウドのサーバーに到達できること、コンソールの「Last Seen」が最近であることを確認してください。',
    },
  }),
  TETRA_UPDATER_DISABLED: finding({
    role: 'cause',
    status: 'none',
    meaning: 'TETRA definition updates turned off by policy',
    label: { en: 'definition updates turned off by policy', ja: 'ポリシーで定義の更新が無効' },
    example: {},
    en: {
      message: () => 'The TETRA definition updater is turned off by policy.',
      action: () =>
        'Enable TETRA definition updates in the policy (Outbreak Control > TETRA > Automatic content updates).',
    },
    ja: {
      message: () => 'ポリシーにより TETRA 定義の自動更新が無効になっています。',
      action: () => 'ポリシーで TETRA 定義の自動更新を有効にしてください。',
    },
  }),
  LASTERROR_PROXY_CONNECT: finding<LastErrorParams>({
    role: 'cause',
    status: 'none',
    meaning: 'local.xml lasterror 4294965193 / -2103',
    label: { en: 'could not connect to the proxy', ja: 'プロキシに接続できない' },
    example: { signed: -2103, unsigned: 4294965193 },
    en: {
      message: (p) =>
        `The connector's last update failed: it could not connect to the proxy (lasterror ${p.unsigned} / ${p.signed}).`,
      action: () => 'Check network connectivity from the endpoint to the proxy.',
    },
    ja: {
      message: (p) =>
        `コネクタの前回の更新は、プロキシに接続できず失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`,
      action: () => '端末からプロキシへのネットワーク接続性を確認してください。',
    },
  }),
  LASTERROR_PROXY_AUTH: finding<LastErrorParams>({
    role: 'cause',
    status: 'none',
    meaning: 'local.xml lasterror 4294965196 / -2100',
    label: { en: 'proxy rejected the credentials', ja: 'プロキシが認証情報を拒否' },
    example: { signed: -2100, unsigned: 4294965196 },
    en: {
      message: (p) =>
        `The connector's last update failed: the proxy rejected its credentials (lasterror ${p.unsigned} / ${p.signed}).`,
      action: () => 'Check the proxy credentials in the policy (Proxy settings) against the proxy.',
    },
    ja: {
      message: (p) => `コネクタの前回の更新は、プロキシ認証に失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`,
      action: () => 'ポリシーのプロキシ設定の認証情報がプロキシ側と一致しているか確認してください。',
    },
  }),
  LASTERROR_PROXY_DOWNLOAD: finding<LastErrorParams>({
    role: 'cause',
    status: 'none',
    meaning: 'local.xml lasterror 4294965187 / -2109',
    label: { en: 'download through the proxy failed', ja: 'プロキシ経由のダウンロードに失敗' },
    example: { signed: -2109, unsigned: 4294965187 },
    en: {
      message: (p) =>
        `The connector's last update failed: it reached the proxy but the download failed (lasterror ${p.unsigned} / ${p.signed}).`,
      action: () => 'Check the proxy logs for the definition download and whether the proxy inspects or blocks it.',
    },
    ja: {
      message: (p) =>
        `コネクタの前回の更新は、プロキシには接続できたもののダウンロードに失敗しました（lasterror ${p.unsigned} / ${p.signed}）。`,
      action: () =>
        'プロキシのログで定義ファイルのダウンロードを確認し、プロキシが検査・遮断していないか調べてください。',
    },
  }),
  LASTERROR_OTHER: finding<LastErrorParams>({
    role: 'cause',
    status: 'none',
    meaning: 'any other non-zero lasterror',
    label: { en: 'last update failed (other error)', ja: '前回の更新が失敗（その他のエラー）' },
    example: { signed: -28, unsigned: 4294967268 },
    en: {
      message: (p) => `The connector's last update failed with error ${p.unsigned} / ${p.signed}.`,
      action: () => `Force an update and check the network findings; if it keeps failing, ${ESCALATE_EN}.`,
    },
    ja: {
      message: (p) => `コネクタの前回の更新はエラー ${p.unsigned} / ${p.signed} で失敗しました。`,
      action: () => `手動で定義を更新し、ネットワークの検出結果を確認してください。失敗が続く場合は、${ESCALATE_JA}。`,
    },
  }),
  DNS_RESOLUTION_FAILED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'update server name does not resolve',
    label: { en: 'update server name does not resolve', ja: '更新サーバーの名前解決に失敗' },
    example: { target: 'tetra-defs.amp.cisco.com', error: 'getaddrinfo ENOTFOUND tetra-defs.amp.cisco.com' },
    en: {
      message: (p) => `The DNS lookup of the update server failed: ${p.error}.`,
      action: () => "Check the endpoint's DNS servers and that they resolve the TETRA update server (Resolve-DnsName).",
    },
    ja: {
      message: (p) => `更新サーバーのアドレスを名前解決できません${jaDetail(p.error)}。`,
      action: () => '端末の DNS サーバーが TETRA 更新サーバーを名前解決できるか確認してください（Resolve-DnsName）。',
    },
  }),
  SERVER_UNREACHABLE: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'TCP refused or timed out, or TLS handshake timed out',
    label: { en: 'update server unreachable', ja: '更新サーバーに到達できない' },
    example: { target: 'tetra-defs.amp.cisco.com:443', error: 'connect ETIMEDOUT' },
    en: {
      message: (p) => `The update server ${p.target} cannot be reached: ${p.error}.`,
      action: () => 'Check firewalls and routes for HTTPS (TCP 443) from the endpoint to the TETRA update server.',
    },
    ja: {
      message: (p) => `更新サーバー ${p.target} に到達できません${jaDetail(p.error)}。`,
      action: () =>
        '端末から TETRA 更新サーバーへの HTTPS（TCP 443）がファイアウォールや経路で遮断されていないか確認してください。',
    },
  }),
  TLS_VERIFY_FAILED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'certificate chain, host name or validity rejected',
    label: { en: 'certificate rejected', ja: '証明書の検証に失敗' },
    example: { target: 'tetra-defs.amp.cisco.com:443', error: 'certificate has expired' },
    en: {
      message: (p) => `The update server's certificate was rejected: ${p.error}.`,
      action: () =>
        'Check for TLS inspection replacing the certificate, the endpoint clock, and that the root certificate is trusted.',
    },
    ja: {
      message: (p) => `更新サーバーの SSL 証明書の検証に失敗しました${jaDetail(p.error)}。`,
      action: () =>
        'TLS インスペクションによる証明書の差し替え、端末の時刻、ルート証明書が信頼されているかを確認してください。',
    },
  }),
  TLS_HANDSHAKE_FAILED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'the handshake failed for another reason',
    label: { en: 'TLS handshake failed', ja: 'TLS ハンドシェイクに失敗' },
    example: { target: 'tetra-defs.amp.cisco.com:443', error: 'socket hang up' },
    en: {
      message: (p) => `The TLS handshake with ${p.target} failed: ${p.error}.`,
      action: () => 'Check for a middlebox that interferes with TLS to the update server.',
    },
    ja: {
      message: (p) => `${p.target} との TLS ハンドシェイクに失敗しました${jaDetail(p.error)}。`,
      action: () => '更新サーバーへの TLS 通信に干渉する機器がないか確認してください。',
    },
  }),
  REVOCATION_UNREACHABLE: finding<ProbeParams & { route?: string; connectorProxy?: string }>({
    role: 'cause',
    status: 'none',
    meaning:
      "for some certificate of the chain, none of its OCSP responders or CRL distribution points gives a real answer over the WinHTTP route (schannel 0x80092013); names the connector's proxy when that one would work, and the fix",
    label: { en: 'revocation servers unreachable', ja: '失効確認サーバーに到達できない' },
    example: { target: 'leaf certificate', error: 'http://commercial.ocsp.identrust.com: connect ETIMEDOUT' },
    en: {
      message: (p) =>
        `Revocation cannot be checked for the ${p.target} over the route Windows uses for it (WinHTTP, ${winHttpRouteEn(p.route)}): ${p.error}.${p.connectorProxy ? ` The connector's own proxy ${p.connectorProxy} does reach them, but CryptoAPI does not use it.` : ''}`,
      action: (p) =>
        p.connectorProxy
          ? `Set the machine's WinHTTP proxy (as administrator: "netsh winhttp set proxy ${p.connectorProxy}", or "netsh winhttp import proxy source=ie"), or allow the endpoint to reach the OCSP and CRL servers directly; otherwise schannel fails with 0x80092013.`
          : 'Allow the endpoint to reach the OCSP and CRL servers named in the certificate (for example commercial.ocsp.identrust.com, validation.identrust.com) over its WinHTTP route (netsh winhttp show proxy); otherwise schannel fails with 0x80092013.',
    },
    ja: {
      message: (p) =>
        `${p.target} の失効を、Windows が失効確認に使う経路（WinHTTP、${winHttpRouteJa(p.route)}）で確認できません（OCSP と証明書失効リストのどちらからも有効な応答がありません）${jaDetail(p.error)}。${p.connectorProxy ? `コネクタ自身のプロキシ ${p.connectorProxy} 経由では到達できますが、CryptoAPI はそれを使いません。` : ''}`,
      action: (p) =>
        p.connectorProxy
          ? `端末の WinHTTP プロキシを設定する（管理者として「netsh winhttp set proxy ${p.connectorProxy}」または「netsh winhttp import proxy source=ie」）か、OCSP／証明書失効リストのサーバーへの直接の通信を許可してください。到達できないと schannel が 0x80092013 で失敗します。`
          : '証明書に記載された OCSP／証明書失効リストのサーバー（例: commercial.ocsp.identrust.com、validation.identrust.com）へ、WinHTTP の経路（netsh winhttp show proxy）で通信できるようにしてください。到達できないと schannel が 0x80092013 で失敗します。',
    },
  }),
  CERTIFICATE_REVOKED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: "a certificate of the update server's chain is revoked in a valid OCSP answer or CRL of its issuer",
    label: { en: 'certificate revoked', ja: '証明書が失効' },
    example: {
      target: 'tetra-defs.amp.cisco.com',
      error: 'tetra-defs.amp.cisco.com is revoked according to http://commercial.ocsp.identrust.com',
    },
    en: {
      message: (p) =>
        `The ${p.target} of the update server's chain is revoked: ${p.error}. schannel refuses a revoked certificate.`,
      action: () =>
        "Find out who serves this certificate: Cisco's servers do not serve revoked ones, so a device in the path (TLS inspection, a proxy) or a stale server does; escalate to the network team or Cisco TAC.",
    },
    ja: {
      message: (p) =>
        `更新サーバーのチェーンの ${p.target} は失効しています${jaDetail(p.error)}。schannel は失効した証明書を拒否します。`,
      action: () =>
        'この証明書を誰が提示しているか確認してください。Cisco のサーバーは失効した証明書を使わないため、経路上の機器（TLS インスペクション、プロキシ）などが原因です。ネットワーク担当または Cisco TAC にエスカレーションしてください。',
    },
  }),
  HTTP_ERROR: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'the server answered non-2xx or nonsense',
    label: { en: 'update server answered with an error', ja: '更新サーバーがエラーを応答' },
    example: { target: 'https://tetra-defs.amp.cisco.com/', error: 'HTTP 503 Service Unavailable' },
    en: {
      message: (p) => `The update server answered with an error: ${p.error}.`,
      action: () =>
        'Check what sits in front of the update server on this network (proxy, filter) and retry later if the service itself is failing.',
    },
    ja: {
      message: (p) => `更新サーバーがエラーを返しました${jaDetail(p.error)}。`,
      action: () =>
        'このネットワークで更新サーバーの手前にある機器（プロキシ、フィルター）を確認し、サービス側の障害であれば時間をおいて再試行してください。',
    },
  }),
  DOWNLOAD_INTERRUPTED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'connection dropped before the body was complete',
    label: { en: 'download interrupted', ja: 'ダウンロードが中断' },
    example: { target: 'https://tetra-defs.amp.cisco.com/', error: 'connection reset after 65536 bytes' },
    en: {
      message: (p) => `The download was interrupted: ${p.error}.`,
      action: () =>
        'Check for devices that cut long downloads (firewall, IPS, proxy size limits) between the endpoint and the update server.',
    },
    ja: {
      message: (p) => `ダウンロードが中断されました${jaDetail(p.error)}。`,
      action: () =>
        '端末と更新サーバーの間で長いダウンロードを切断する機器（ファイアウォール、IPS、プロキシのサイズ制限）がないか確認してください。',
    },
  }),
  PROXY_UNREACHABLE: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'proxy refuses or times out',
    label: { en: 'proxy unreachable', ja: 'プロキシに到達できない' },
    example: { target: 'proxy.example.com:3128', error: 'connect ECONNREFUSED' },
    en: {
      message: (p) => `The proxy cannot be reached: ${p.error}.`,
      action: () =>
        'Check the proxy address and port in the policy and network connectivity from the endpoint to the proxy.',
    },
    ja: {
      message: (p) => `プロキシに到達できません${jaDetail(p.error)}。`,
      action: () =>
        'ポリシーのプロキシのアドレスとポート、および端末からプロキシへのネットワーク接続性を確認してください。',
    },
  }),
  PROXY_AUTH_REJECTED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'proxy rejected the credentials (HTTP 407 after Basic or NTLM, or SOCKS 5 authentication failed)',
    label: { en: 'proxy answered 407', ja: 'プロキシが 407 を応答' },
    example: { target: 'proxy.example.com:3128', error: 'HTTP 407 Proxy Authentication Required' },
    en: {
      // HTTP proxies answer 407, SOCKS 5 proxies fail the user name/password exchange; the error says which.
      message: (p) => `Proxy authentication failed: ${p.error}.`,
      action: () => 'Check the proxy user name and password in the policy against the proxy.',
    },
    ja: {
      message: (p) => `プロキシ認証に失敗しました${jaDetail(p.error)}。`,
      action: () => 'ポリシーのプロキシのユーザー名とパスワードがプロキシ側と一致しているか確認してください。',
    },
  }),
  PROXY_DOWNLOAD_FAILED: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'proxy reached; tunnel or download through it failed (HTTP or SOCKS refusal)',
    label: { en: 'proxy reached, download failed', ja: 'プロキシ経由の取得に失敗' },
    example: { target: 'proxy.example.com:3128', error: 'CONNECT answered HTTP 403 Forbidden' },
    en: {
      message: (p) => `The proxy was reached but the tunnel or download through it failed: ${p.error}.`,
      action: () => 'Check the proxy logs and rules for the TETRA update server (CONNECT to port 443 must be allowed).',
    },
    ja: {
      message: (p) => `プロキシには到達しましたが、トンネルまたはダウンロードに失敗しました${jaDetail(p.error)}。`,
      action: () =>
        'プロキシのログとルールで TETRA 更新サーバーへの通信（ポート 443 への CONNECT）が許可されているか確認してください。',
    },
  }),
  PROXY_AUTH_CHALLENGE: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning:
      'proxy answered 407 asking for NTLM or Negotiate, which was not answered (Basic or nothing sent, or NTLM configured and not offered)',
    label: { en: 'proxy asks for NTLM/Negotiate', ja: 'プロキシが NTLM/Negotiate を要求' },
    example: { target: 'proxy.example.com:3128', error: 'the proxy asks for Negotiate' },
    en: {
      message: (p) => `The proxy asks for an authentication scheme that was not answered: ${p.error}.`,
      action: () =>
        "Set the policy's proxy authentication to what the proxy asks for (NTLM), or have the proxy accept Basic or no authentication from the connector's account; Negotiate (Kerberos) alone cannot be checked by tetra-doctor.",
    },
    ja: {
      message: (p) => `プロキシが応答されていない認証方式を要求しています${jaDetail(p.error)}。`,
      action: () =>
        'ポリシーのプロキシ認証方式をプロキシの要求（NTLM）に合わせるか、コネクタのアカウントで Basic または認証なしを許可してください。Negotiate（Kerberos）のみの場合は tetra-doctor では確認できません。',
    },
  }),
  PAC_UNREACHABLE: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: "the policy's PAC file could not be fetched",
    label: { en: 'PAC file unreachable', ja: 'PAC ファイルを取得できない' },
    example: { target: 'http://wpad.example.com/proxy.pac', error: 'HTTP 404 Not Found' },
    en: {
      message: (p) => `The PAC file could not be fetched: ${p.error}.`,
      action: () =>
        'Check that the endpoint can reach the PAC URL in the policy (pacloc) directly, and that it serves the file.',
    },
    ja: {
      message: (p) => `PAC ファイルを取得できませんでした${jaDetail(p.error)}。`,
      action: () =>
        '端末からポリシーの PAC URL（pacloc）に直接到達でき、ファイルが配信されていることを確認してください。',
    },
  }),
  PAC_INVALID: finding<ProbeParams>({
    role: 'cause',
    status: 'none',
    meaning: 'the PAC file does not evaluate, loops, or returns no usable entry',
    label: { en: 'PAC file invalid', ja: 'PAC ファイルが不正' },
    example: { target: 'http://wpad.example.com/proxy.pac', error: 'FindProxyForURL is not defined' },
    en: {
      message: (p) => `The PAC file could not be used: ${p.error}.`,
      action: () =>
        'Fix the PAC file: FindProxyForURL must return entries such as "PROXY host:port; DIRECT" for the TETRA update server.',
    },
    ja: {
      message: (p) => `PAC ファイルを使用できませんでした${jaDetail(p.error)}。`,
      action: () =>
        'PAC ファイルを修正してください。FindProxyForURL は TETRA 更新サーバーに対して「PROXY host:port; DIRECT」のような値を返す必要があります。',
    },
  }),
  TLS_INSPECTED: finding<ProbeParams & { root: string }>({
    role: 'cause',
    status: 'none',
    meaning:
      "the chain ends in a root no public bundle has and not given with `--ca-file`: TLS inspection (Cisco's traffic must not be decrypted)",
    label: { en: 'TLS inspection of Cisco traffic', ja: 'Cisco への通信を TLS インスペクション' },
    example: {
      target: 'tetra-defs.amp.cisco.com:443',
      error: 'self-signed certificate in certificate chain',
      root: 'CN=Corp Inspection Root',
    },
    en: {
      message: (p) =>
        `The certificate chain of ${p.target} ends in a root that no public root bundle has (${p.root}): the traffic to Cisco is decrypted by TLS inspection.`,
      action: () =>
        'Exempt the Secure Endpoint servers from TLS inspection on the proxy or firewall (Cisco says their traffic must not be decrypted); if this is your own private root (for example Private Cloud), pass it with --ca-file.',
    },
    ja: {
      message: (p) =>
        `${p.target} の証明書チェーンは、公開ルートバンドルにないルート（${p.root}）で終わっています。Cisco への通信が TLS インスペクションで復号されています。`,
      action: () =>
        'プロキシやファイアウォールで Secure Endpoint のサーバーを TLS インスペクションの対象外にしてください（Cisco は通信を復号しないよう求めています）。自組織のプライベートルート（Private Cloud など）であれば --ca-file で指定してください。',
    },
  }),
  TRUST_ROOT_MISSING: finding<
    ProbeParams & { root: string; thumbprint: string; requiredMissing?: string; rootUpdateProblem?: string }
  >({
    role: 'cause',
    status: 'none',
    meaning:
      "the chain ends in a public root that the machine's trusted root store lacks (named, with its SHA-1 thumbprint)",
    label: { en: 'required root missing from the store', ja: '必要なルート証明書がストアにない' },
    example: {
      target: 'tetra-defs.amp.cisco.com:443',
      error: 'unable to get local issuer certificate',
      root: 'CN=IdenTrust Commercial Root CA 1',
      thumbprint: 'DF717EAA4AD94EC9558499602D48DE5FBCF03A25',
      requiredMissing: 'IdenTrust Commercial Root CA 1',
    },
    en: {
      message: (p) =>
        `The certificate chain of ${p.target} ends in the public root ${p.root} (SHA-1 ${p.thumbprint}), which is not in this machine's trusted root store: the connector, which trusts only that store, fails where a public bundle passes.${p.rootUpdateProblem ? ` Windows will not fetch it: ${p.rootUpdateProblem}.` : ''}${p.requiredMissing ? ` Cisco's required roots missing from the store: ${p.requiredMissing}.` : ''}`,
      action: () =>
        'Add the missing root to Cert:\\LocalMachine\\Root, or let Windows fetch it: turn automatic root update back on (policy "Turn off Automatic Root Certificates Update", DisableRootAutoUpdate) and let the endpoint reach ctldl.windowsupdate.com over its WinHTTP route; Cisco TechNote 216943 lists the roots the connector needs.',
    },
    ja: {
      message: (p) =>
        `${p.target} の証明書チェーンは公開ルート ${p.root}（SHA-1 ${p.thumbprint}）で終わっていますが、この端末の信頼されたルートストアにありません。ストアだけを信頼するコネクタは失敗します。${p.rootUpdateProblem ? `Windows はこのルートを取得しません${jaDetail(p.rootUpdateProblem)}。` : ''}${p.requiredMissing ? `ストアにない Cisco の必須ルート: ${p.requiredMissing}。` : ''}`,
      action: () =>
        '不足しているルートを Cert:\\LocalMachine\\Root に追加するか、Windows のルート証明書の自動更新を許可してください（Cisco TechNote 216943 に必要なルートの一覧があります）。',
    },
  }),
};
