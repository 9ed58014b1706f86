import { found, type Rule } from '../rule';

export const tetraEnabled: Rule = {
  label: 'TETRA is enabled by policy, and its updater too',
  check: ({ facts }) => [
    ...(facts.enabled === false ? found('TETRA_DISABLED') : []),
    ...(facts.enabled !== false && facts.updaterEnabled === false ? found('TETRA_UPDATER_DISABLED') : []),
  ],
};
