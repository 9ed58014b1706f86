import { found, type Rule } from '../rule';

export const connectorInstalled: Rule = {
  label: 'A Secure Endpoint connector is installed',
  check: ({ snapshot }) => (snapshot.install.found ? [] : found('CONNECTOR_NOT_FOUND', { reason: snapshot.install.reason ?? 'not found', root: snapshot.install.root ?? '' })),
};
