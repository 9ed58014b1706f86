import { found, type Rule } from '../rule';

export const definitionsFresh: Rule = {
  label: 'The last successful TETRA update is recent enough',
  check: ({ facts, maxAgeHours }) => {
    if (facts.ageHours === null || facts.lastSuccessfulUpdate === null || facts.ageHours <= maxAgeHours) return [];
    return found('DEFINITIONS_STALE', {
      ageHours: Math.round(facts.ageHours),
      ageDays: Math.floor(facts.ageHours / 24),
      maxAgeHours,
      lastUpdate: new Date(facts.lastSuccessfulUpdate * 1000).toISOString(),
    });
  },
};
