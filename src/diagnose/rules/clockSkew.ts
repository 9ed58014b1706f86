import { found, type Rule } from '../rule';

/** A last update in the future means the clock or the connector's record is wrong: the age is then unknown. */
export const clockSkew: Rule = {
  label: "The last successful update is not later than this endpoint's clock",
  check: ({ facts, snapshot }) =>
    facts.aheadHours === null || facts.lastSuccessfulUpdate === null
      ? []
      : found('LAST_UPDATE_IN_FUTURE', {
          lastUpdate: new Date(facts.lastSuccessfulUpdate * 1000).toISOString(),
          now: snapshot.checkedAt,
          hours: Math.round(facts.aheadHours),
        }),
};
