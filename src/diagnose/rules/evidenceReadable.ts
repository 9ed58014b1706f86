import { found, type Rule } from '../rule';
import { probedPathParams } from './pathKnown';

export const evidenceReadable: Rule = {
  label: 'AmpCLI posture, local.xml and policy.xml could be read',
  check: ({ snapshot }) => [
    ...(snapshot.posture.state === 'failed' ? found('POSTURE_UNAVAILABLE', { error: snapshot.posture.error }) : []),
    ...(snapshot.localXml.state === 'failed' ? found('LOCAL_XML_UNREADABLE', { error: snapshot.localXml.error }) : []),
    ...(snapshot.policy.state === 'failed'
      ? found('POLICY_UNREADABLE', {
          error: snapshot.policy.error,
          ...(snapshot.probes.length > 0 && snapshot.path ? probedPathParams(snapshot.path, snapshot.proxy) : {}),
        })
      : []),
    // A value the probes cannot use (a server that is no host) is ignored, and said, never allowed to crash the run.
    ...(snapshot.policy.state === 'ok' && snapshot.policy.value.invalid?.length
      ? found('POLICY_UNREADABLE', {
          error: `policy.xml holds values that cannot be used: ${snapshot.policy.value.invalid.join('; ')}`,
        })
      : []),
  ],
};
