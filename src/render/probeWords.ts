// What each kind of probe failure means, in the languages of text output: a Japanese reader reads the network
// checks in Japanese too (the technical tokens of the probe's own detail follow in brackets).
import type { Language } from '../contract/options';
import type { ProbeFailure } from '../contract/types';
import { technicalTokens } from '../contract/technicalTokens';

const JA: Record<ProbeFailure, string> = {
  dns: '名前解決に失敗',
  refused: '接続を拒否された',
  timeout: '時間内に応答がない',
  tls_verify: '証明書の検証に失敗',
  tls_timeout: 'TLS ハンドシェイクが時間切れ',
  tls_other: 'TLS ハンドシェイクに失敗',
  http_status: 'HTTP の応答が異常',
  interrupted: 'ダウンロードが途中で切断された',
  proxy_unreachable: 'プロキシに接続できない',
  proxy_auth: 'プロキシが認証情報を拒否',
  proxy_auth_scheme: 'プロキシが NTLM または Negotiate 認証を要求',
  proxy_tunnel: 'プロキシ経由の接続に失敗',
  pac_unreachable: 'PAC ファイルを取得できない',
  pac_invalid: 'PAC ファイルが無効',
  revocation_unreachable: '失効確認のサーバーに到達できない',
  certificate_revoked: '証明書が失効している',
  tls_inspected: 'TLS インスペクションされている',
  trust_root_missing: '信頼されたルート証明書がない',
  bad_response: '応答が不正',
  not_run: '実行されなかった',
};

/** The probe's failure as text output shows it: English as the probe wrote it; in Japanese, the kind in Japanese,
 * then only the technical tokens of the probe's words (an error code, a status, a host), never an English sentence. */
export function probeErrorText(error: string, failure: string | null, lang: Language): string {
  if (lang !== 'ja') return error;
  const tokens = technicalTokens(error);
  if (failure === null || !Object.hasOwn(JA, failure)) return tokens;
  return tokens ? `${JA[failure as ProbeFailure]}（${tokens}）` : JA[failure as ProbeFailure];
}
