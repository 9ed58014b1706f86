import { found, type Rule } from '../rule';

export const definitionsCurrent: Rule = {
  label: 'The loaded TETRA version is close to the latest published one',
  check: ({ facts: { version, latestVersion: latest, versionsBehind: behind }, snapshot, maxBehind }) => [
    ...(version !== null && latest !== null && behind !== null && behind > maxBehind
      ? found('DEFINITIONS_BEHIND', {
          version,
          latest,
          behind,
          maxBehind,
        })
      : []),
    ...(snapshot.reference.state === 'failed'
      ? found('REFERENCE_UNAVAILABLE', { error: snapshot.reference.error })
      : []),
  ],
};
