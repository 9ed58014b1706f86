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
