// Whose policy is --policy-file? The endpoint's local.xml names the policy the connector runs (janus/policy uuid and
// serial_number); a file of another policy, or an older revision of the same one, may describe another path. The
// path is still probed from the file, and the finding (and the guessed-path label on the causes) says so.
import type { Snapshot } from '../../contract/types';
import type { Rule } from '../rule';

/** Why the --policy-file is not the endpoint's current policy, or null when it is (or nothing says). */
export function policyFileMismatch(
  snapshot: Snapshot,
): 'another policy' | "an older revision of this endpoint's policy" | null {
  const policy = snapshot.policy.state === 'ok' ? snapshot.policy.value : null;
  const local = snapshot.localXml.state === 'ok' ? snapshot.localXml.value.policy : undefined;
  if (policy?.origin !== 'file' || !policy.identity || !local) return null;
  if (policy.identity.uuid !== local.uuid) return 'another policy';
  const older = policy.identity.serial !== null && local.serial !== null && policy.identity.serial < local.serial;
  return older ? "an older revision of this endpoint's policy" : null;
}

export const policyFileOwner: Rule = {
  label: "The --policy-file is the policy this endpoint runs (local.xml's policy uuid and serial number)",
  check: ({ snapshot }) => {
    const problem = policyFileMismatch(snapshot);
    const file = snapshot.policy.state === 'ok' ? snapshot.policy.value.identity : undefined;
    const local = snapshot.localXml.state === 'ok' ? snapshot.localXml.value.policy : undefined;
    if (!problem || !file || !local) return [];
    return [
      {
        code: 'POLICY_FILE_MISMATCH',
        params: {
          problem,
          fileUuid: file.uuid,
          fileSerial: file.serial ?? '?',
          localUuid: local.uuid,
          localSerial: local.serial ?? '?',
        },
      },
    ];
  },
};
