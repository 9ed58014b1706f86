import { found, type Rule } from '../rule';

/** Discovery found a higher version folder than the one the CiscoAMP service runs from. */
export const upgradePending: Rule = {
  label: 'No connector upgrade is waiting for a reboot',
  check: ({ snapshot }) => {
    const { pendingVersion, liveVersion } = snapshot.install;
    return pendingVersion && liveVersion
      ? found('UPGRADE_PENDING_REBOOT', { pending: pendingVersion, live: liveVersion })
      : [];
  },
};
