// What one finding code is: its role in the verdict, its effect on the status, a short label for fleet reports, and
// its message and action in every language. Each code is defined once, in one of the files beside this one.
import type { Language } from '../options';
import type { PathProvenance } from '../types';
import { technicalTokens } from '../technicalTokens';

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

/**
 * The bound every finding's parameters meet: named strings and numbers, the facts its text is built from (a
 * parameter a text may do without is declared optional).
 */
export type FindingParams = Readonly<Record<string, string | number | undefined>>;

/** The parameters of a finding whose text names no fact. */
export type NoParams = Readonly<Record<string, never>>;

interface FindingText<P extends FindingParams = FindingParams> {
  message(p: P): string;
  action(p: P): string;
}

export type FindingDefinition<P extends FindingParams = FindingParams> = {
  role: FindingRole;
  status: StatusEffect;
  /** Explains an unhealthy verdict by itself, like a cause does (no CAUSE_UNDETERMINED is added beside it). */
  explains?: true;
  /** What the code means, in a few words of Markdown: its row in README.md's finding-code table. */
  meaning: string;
  /** A few words for the fleet report's tables and charts. */
  label: Record<Language, string>;
  /** Parameters as a rule would raise them, for the test that renders every finding's text in every language. */
  example: P;
} & Record<Language, FindingText<P>>;

/**
 * One finding code's record, with its parameters' type: a rule that raises the code with a parameter missing,
 * misnamed or of the wrong type, and a text that reads a parameter the type does not have, fail to compile.
 */
export const finding = <P extends FindingParams = NoParams>(
  // NoInfer: the parameters are what the type argument declares (none without one), never guessed from the texts.
  definition: FindingDefinition<NoInfer<P>>,
): FindingDefinition<P> => definition;

/** The connector's own last update error (local.xml //tetra/lasterror), signed and as Cisco's docs print it. */
export type LastErrorParams = { signed: number; unsigned: number };

/** A failed network probe: what it tried to reach, and why that failed. */
export type ProbeParams = { target: string; error: string };

/** The path probed when the connector's own could not be read, and where each part came from. */
export type ProbedPathParams = {
  server: string;
  serverSource: PathProvenance['updateServer']['source'];
  proxy: string;
  proxySource: PathProvenance['proxySource'];
};

export const ESCALATE_EN =
  'run "tetra-doctor collect" (debug logging for one update interval, support bundle, packet capture) and open a Cisco TAC case';
export const ESCALATE_JA =
  '「tetra-doctor collect」でデバッグモードを1回の更新間隔だけ有効にし、サポートバンドルとパケットキャプチャを取得して Cisco TAC にケースをオープンしてください';

/** A probe's English failure text in a Japanese sentence: only its technical tokens (error code, status, host),
 * in brackets, or nothing when it has none; what failed is said by the sentence itself. */
export const jaDetail = (error: string | undefined): string => {
  const tokens = technicalTokens(error ?? '');
  return tokens ? `（${tokens}）` : '';
};

/** Appended to a network cause found on a guessed path (see PathProvenance). */
export const GUESSED_PATH_NOTE: Record<Language, string> = {
  en: " (Found on a path tetra-doctor guessed, because the connector's policy could not be read: it may not be the connector's own cause.)",
  ja: '（コネクタのポリシーを読み取れなかったため tetra-doctor が推測した経路での結果であり、コネクタ自身の原因とは限りません。）',
};

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

export const sourceWords = (lang: Language, source: string | undefined): string =>
  SOURCE_WORDS[lang][String(source)] ?? String(source);
