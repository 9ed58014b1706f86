import { found, type Rule } from '../rule';

export const definitionsCurrent: Rule = {
  label: 'The loaded TETRA version is close to the latest published one',
  check: ({ facts, snapshot, maxBehind }) => [
    ...(facts.versionsBehind !== null && facts.versionsBehind > maxBehind
      ? found('DEFINITIONS_BEHIND', {
          version: facts.version!,
          latest: facts.latestVersion!,
          behind: facts.versionsBehind,
          maxBehind,
        })
      : []),
    ...(snapshot.reference.state === 'failed'
      ? found('REFERENCE_UNAVAILABLE', { error: snapshot.reference.error })
      : []),
  ],
};
