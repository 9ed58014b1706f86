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
    shareOf: (n: number, what: string) => `% of ${n} ${what}`,
    ofCurrent: 'current results',
    ofAttention: 'endpoints that need attention',
    ofLagged: 'current results with definitions',
    ofAll: 'endpoints',
    noCauseReported: 'no cause reported',
    future: (n: number) => `Results dated in the future (wrong clock?), not counted as current: ${n}`,
    clones: (n: number) => `Connector GUIDs reported by several hosts (cloned images): ${n}`,
    duplicates: 'inputs read twice, counted once',
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
    freshness: (days: number) => `Result age (results older than ${days} days are stale reports, counted apart)`,
    staleReports: 'stale reports',
    unknownAge: 'age unknown',
    age: 'Age (d)',
    console: 'Secure Endpoint console',
    consoleComputers: 'computers in the console',
    reporting: 'reporting (current result)',
    notReporting: 'not reporting (no result)',
    unknownToConsole: 'results the console does not know',
    disagree: 'console and endpoint disagree on the definitions version',
    matched: (guid: number, host: number) => `matched by connector GUID ${guid}, by host name ${host}`,
    coverage: 'Reporting coverage',
    policy: 'Policy',
    group: 'Group',
    faults: 'Faults',
    definitionStatus: 'Definitions (console)',
    lastSeen: 'Last seen',
    consoleVersion: 'Console',
    endpointVersion: 'Endpoint',
  },
  ja: {
    title: 'TETRA 定義の状況（全端末）',
    generated: '作成日時',
    endpoints: '端末数',
    endpointCount: (n: number) => `${n} 台`,
    status: '状態',
    causes: '要対応端末の原因',
    causesNote: '影響を受けた端末数（1台に複数の原因があり得ます）',
    shareOf: (n: number, what: string) => `% は ${what} ${n} 台に対する割合`,
    ofCurrent: '最新の結果',
    ofAttention: '対応が必要な端末',
    ofLagged: '定義のある最新の結果',
    ofAll: '全端末',
    noCauseReported: '原因の報告なし',
    future: (n: number) => `未来の日時の結果（時計の誤り?）、最新として数えない: ${n}`,
    clones: (n: number) => `複数のホストが報告したコネクタ GUID（複製イメージ）: ${n}`,
    duplicates: '二重に読んだ入力（1回と数えた）',
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
    freshness: (days: number) => `結果の経過日数（${days} 日より古い結果は古い報告として別に数えます）`,
    staleReports: '古い報告',
    unknownAge: '経過日数不明',
    age: '経過(日)',
    console: 'Secure Endpoint コンソール',
    consoleComputers: 'コンソール上のコンピュータ',
    reporting: '報告あり（最新の結果）',
    notReporting: '報告なし（結果がない）',
    unknownToConsole: 'コンソールに無い端末の結果',
    disagree: 'コンソールと端末で定義バージョンが不一致',
    matched: (guid: number, host: number) => `コネクタ GUID で ${guid} 台、ホスト名で ${host} 台を照合`,
    coverage: '報告の網羅率',
    policy: 'ポリシー',
    group: 'グループ',
    faults: '障害',
    definitionStatus: '定義（コンソール）',
    lastSeen: '最終確認',
    consoleVersion: 'コンソール',
    endpointVersion: '端末',
  },
} as const;

export type Words = (typeof WORDS)[Language];

/** The finding's short label; a code this version does not know (from a newer endpoint) is shown as it is. */
export function causeName(code: string, lang: Language): string {
  return isFindingCode(code) ? definitionOf(code).label[lang] : code;
}

/** An attention row's causes in words; a row without any says so (never an empty cell). */
export function causeWords(causes: readonly string[], lang: Language): string {
  return causes.length ? causes.map((c) => causeName(c, lang)).join(', ') : WORDS[lang].noCauseReported;
}

export function lagLabel(bucket: string, lang: Language): string {
  return bucket === 'unknown' ? WORDS[lang].unknownLag : bucket;
}
