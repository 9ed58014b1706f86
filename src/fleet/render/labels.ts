// The words of the fleet report in English and Japanese. Finding codes stay English in every language (scripts and
// tickets key on them); each also has a short label a manager can read, defined with the code in src/diagnose/findings/.
import { definitionOf, isFindingCode } from '../../diagnose/codes';
import type { Language } from '../../options';
import type { EndpointStatus } from '../types';

export const STATUS_NAMES: Record<Language, Record<EndpointStatus, string>> = {
  en: { healthy: 'healthy', unhealthy: 'unhealthy', not_applicable: 'not applicable', undetermined: 'undetermined' },
  ja: { healthy: '正常', unhealthy: '要対応', not_applicable: '対象外', undetermined: '判定不能' },
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

/** The finding's short label; a code this version does not know (from a newer endpoint) is shown as it is. */
export function causeName(code: string, lang: Language): string {
  return isFindingCode(code) ? definitionOf(code).label[lang] : code;
}

export function lagLabel(bucket: string, lang: Language): string {
  return bucket === 'unknown' ? WORDS[lang].unknownLag : bucket;
}
