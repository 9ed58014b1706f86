// The words of the fleet report in English and Japanese. Finding codes stay English in every language (scripts and
// tickets key on them); each cause also gets a short name a manager can read.
import type { Language } from '../../options';
import type { EndpointStatus } from '../types';

export const STATUS_NAMES: Record<Language, Record<EndpointStatus, string>> = {
  en: { healthy: 'healthy', unhealthy: 'unhealthy', not_applicable: 'not applicable', undetermined: 'undetermined' },
  ja: { healthy: '正常', unhealthy: '要対応', not_applicable: '対象外', undetermined: '判定不能' },
};

export const CAUSE_NAMES: Record<Language, Record<string, string>> = {
  en: {
    CONNECTOR_DISCONNECTED: 'connector not connected to the cloud',
    TETRA_UPDATER_DISABLED: 'definition updates turned off by policy',
    LASTERROR_PROXY_CONNECT: 'could not connect to the proxy',
    LASTERROR_PROXY_AUTH: 'proxy rejected the credentials',
    LASTERROR_PROXY_DOWNLOAD: 'download through the proxy failed',
    LASTERROR_OTHER: 'last update failed (other error)',
    DNS_RESOLUTION_FAILED: 'update server name does not resolve',
    SERVER_UNREACHABLE: 'update server unreachable',
    TLS_VERIFY_FAILED: 'certificate rejected',
    TLS_HANDSHAKE_FAILED: 'TLS handshake failed',
    REVOCATION_UNREACHABLE: 'revocation servers unreachable',
    HTTP_ERROR: 'update server answered with an error',
    DOWNLOAD_INTERRUPTED: 'download interrupted',
    PROXY_UNREACHABLE: 'proxy unreachable',
    PROXY_AUTH_REJECTED: 'proxy answered 407',
    PROXY_DOWNLOAD_FAILED: 'proxy reached, download failed',
    TLS_INSPECTED: 'TLS inspection of Cisco traffic',
    TRUST_ROOT_MISSING: 'required root missing from the store',
    CAUSE_UNDETERMINED: 'no cause found: force an update, then escalate',
  },
  ja: {
    CONNECTOR_DISCONNECTED: 'コネクタがクラウドに未接続',
    TETRA_UPDATER_DISABLED: 'ポリシーで定義の更新が無効',
    LASTERROR_PROXY_CONNECT: 'プロキシに接続できない',
    LASTERROR_PROXY_AUTH: 'プロキシが認証情報を拒否',
    LASTERROR_PROXY_DOWNLOAD: 'プロキシ経由のダウンロードに失敗',
    LASTERROR_OTHER: '前回の更新が失敗（その他のエラー）',
    DNS_RESOLUTION_FAILED: '更新サーバーの名前解決に失敗',
    SERVER_UNREACHABLE: '更新サーバーに到達できない',
    TLS_VERIFY_FAILED: '証明書の検証に失敗',
    TLS_HANDSHAKE_FAILED: 'TLS ハンドシェイクに失敗',
    REVOCATION_UNREACHABLE: '失効確認サーバーに到達できない',
    HTTP_ERROR: '更新サーバーがエラーを応答',
    DOWNLOAD_INTERRUPTED: 'ダウンロードが中断',
    PROXY_UNREACHABLE: 'プロキシに到達できない',
    PROXY_AUTH_REJECTED: 'プロキシが 407 を応答',
    PROXY_DOWNLOAD_FAILED: 'プロキシ経由の取得に失敗',
    TLS_INSPECTED: 'Cisco への通信を TLS インスペクション',
    TRUST_ROOT_MISSING: '必要なルート証明書がストアにない',
    CAUSE_UNDETERMINED: '原因不明：強制更新の後にエスカレーション',
  },
};

export const WORDS = {
  en: {
    title: 'TETRA definitions across the fleet',
    generated: 'Generated',
    endpoints: 'Endpoints',
    endpointCount: (n: number) => `${n} endpoints`,
    status: 'Status',
    causes: 'Causes of unhealthy endpoints',
    causesNote: 'endpoints affected (an endpoint can have several causes)',
    noCauses: 'none',
    lag: 'Version lag behind the latest',
    latest: 'latest version seen',
    versions: 'versions behind',
    unknownLag: 'unknown',
    attention: 'Endpoints that need attention',
    more: (n: number) => `... and ${n} more (all of them in --format json and --csv)`,
    device: 'Device',
    since: 'Since',
    lastUpdate: 'Last update',
    version: 'Version',
    behind: 'Behind',
    cause: 'Causes',
    inputs: 'Inputs',
    files: 'files',
    rows: 'rows read',
    unreadable: 'unreadable rows',
    unreadableFiles: 'unreadable files',
    superseded: 'older results replaced by newer',
    none: 'none',
    count: 'Endpoints',
    share: 'Share',
  },
  ja: {
    title: 'TETRA 定義の状況（全端末）',
    generated: '作成日時',
    endpoints: '端末数',
    endpointCount: (n: number) => `${n} 台`,
    status: '状態',
    causes: '要対応端末の原因',
    causesNote: '影響を受けた端末数（1台に複数の原因があり得ます）',
    noCauses: 'なし',
    lag: '最新版からのバージョン遅れ',
    latest: '確認された最新バージョン',
    versions: 'バージョン遅れ',
    unknownLag: '不明',
    attention: '対応が必要な端末',
    more: (n: number) => `... ほか ${n} 台（全件は --format json と --csv に出力）`,
    device: '端末',
    since: '発生時期',
    lastUpdate: '最終更新',
    version: 'バージョン',
    behind: '遅れ',
    cause: '原因',
    inputs: '入力',
    files: 'ファイル',
    rows: '読み取った行',
    unreadable: '読み取れない行',
    unreadableFiles: '読み取れないファイル',
    superseded: '新しい結果で置き換えた古い結果',
    none: 'なし',
    count: '端末数',
    share: '割合',
  },
} as const;

export type Words = (typeof WORDS)[Language];

export function causeName(code: string, lang: Language): string {
  return CAUSE_NAMES[lang][code] ?? code;
}

export function lagLabel(bucket: string, lang: Language): string {
  return bucket === 'unknown' ? WORDS[lang].unknownLag : bucket;
}
