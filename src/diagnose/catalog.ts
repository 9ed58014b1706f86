// What each finding says and what a sysadmin should do, in English and Japanese: a view of the definitions in
// src/diagnose/findings/, by language.
import type { Language } from '../options';
import { definitionOf, FINDING_CODES, type FindingCode, type FindingText } from './findings';

const inLanguage = (lang: Language) =>
  Object.fromEntries(FINDING_CODES.map((code) => [code, definitionOf(code)[lang]])) as Record<FindingCode, FindingText>;

export const CATALOG: Record<Language, Record<FindingCode, FindingText>> = {
  en: inLanguage('en'),
  ja: inLanguage('ja'),
};

/** Appended to a network cause found on a guessed path (see PathProvenance). */
export const GUESSED_PATH_NOTE: Record<Language, string> = {
  en: " (Found on a path tetra-doctor guessed, because the connector's policy could not be read: it may not be the connector's own cause.)",
  ja: '（コネクタのポリシーを読み取れなかったため tetra-doctor が推測した経路での結果であり、コネクタ自身の原因とは限りません。）',
};
