import { found, type Rule } from '../rule';

export const connectorInstalled: Rule = {
  label: 'A Secure Endpoint connector is installed, in a folder only administrators can change',
  check: ({ snapshot: { install } }) => {
    if (!install.found) return found('CONNECTOR_NOT_FOUND', { reason: install.reason ?? 'not found' });
    return install.untrusted ? found('AMP_DIR_UNTRUSTED', { reason: install.untrusted }) : [];
  },
};
