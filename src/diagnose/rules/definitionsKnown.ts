import { found, type Rule } from '../rule';

export const definitionsKnown: Rule = {
  label: 'The definition state could be read at all',
  check: ({ facts }) => (facts.ageHours === null && facts.versionsBehind === null ? found('DEFINITIONS_UNKNOWN') : []),
};
