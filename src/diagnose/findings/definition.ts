// What one finding code is: its role in the verdict, its effect on the status, a short label for fleet reports, and
// its message and action in every language. Each code is defined once, in one of the files beside this one.
import type { Language } from '../../options';

/**
 * applicability: the check does not apply (no connector, TETRA off); refusal: the endpoint cannot be judged safely;
 * state: what is wrong with the definitions; cause: why; notice: what could not be read or used.
 * The role decides the severity (see severityOf) and the order findings are listed in.
 */
export type FindingRole = 'applicability' | 'refusal' | 'state' | 'cause' | 'notice';

/**
 * What the finding does to an endpoint's status when a rule reports it. The strongest wins: not_applicable, then
 * unhealthy, then undetermined; with none of them the endpoint is healthy. `none` leaves the verdict to the others.
 */
export type StatusEffect = 'not_applicable' | 'unhealthy' | 'undetermined' | 'none';

export type FindingParams = Record<string, string | number>;

export interface FindingText {
  message(p: FindingParams): string;
  action(p: FindingParams): string;
}

export type FindingDefinition = {
  role: FindingRole;
  status: StatusEffect;
  /** Explains an unhealthy verdict by itself, like a cause does (no CAUSE_UNDETERMINED is added beside it). */
  explains?: true;
  /** A few words for the fleet report's tables and charts. */
  label: Record<Language, string>;
} & Record<Language, FindingText>;

export const ESCALATE_EN =
  'run "tetra-doctor collect" (debug logging for one update interval, support bundle, packet capture) and open a Cisco TAC case';
export const ESCALATE_JA =
  '「tetra-doctor collect」でデバッグモードを1回の更新間隔だけ有効にし、サポートバンドルとパケットキャプチャを取得して Cisco TAC にケースをオープンしてください';

/** Where a part of the probed path came from (PathProvenance's source codes), in words of each language. */
const SOURCE_WORDS: Record<Language, Record<string, string>> = {
  en: {
    option: 'from the command line',
    policy: "from the connector's policy",
    'policy-file': 'from --policy-file',
    region: 'from --region',
    default: 'the North American default',
    none: 'none named',
  },
  ja: {
    option: 'コマンドラインで指定',
    policy: 'コネクタのポリシーから',
    'policy-file': '--policy-file から',
    region: '--region から',
    default: '北米の既定値',
    none: '指定なし',
  },
};

export const sourceWords = (lang: Language, source: string | number | undefined): string =>
  SOURCE_WORDS[lang][String(source)] ?? String(source);
