// Finding codes (stable: scripts and fleet reports key on them) and the role each plays in the verdict.

export const FINDING_ROLES = {
  CONNECTOR_NOT_FOUND: 'applicability',
  TETRA_DISABLED: 'applicability',
  AMP_DIR_UNTRUSTED: 'refusal',
  CONNECTOR_NOT_RUNNING: 'state',
  DEFINITIONS_STALE: 'state',
  DEFINITIONS_BEHIND: 'state',
  DEFINITIONS_UNKNOWN: 'state',
  CAUSE_UNDETERMINED: 'state',
  INTERNAL_ERROR: 'state',
  CONNECTOR_DISCONNECTED: 'cause',
  TETRA_UPDATER_DISABLED: 'cause',
  LASTERROR_PROXY_CONNECT: 'cause',
  LASTERROR_PROXY_AUTH: 'cause',
  LASTERROR_PROXY_DOWNLOAD: 'cause',
  LASTERROR_OTHER: 'cause',
  DNS_RESOLUTION_FAILED: 'cause',
  SERVER_UNREACHABLE: 'cause',
  TLS_VERIFY_FAILED: 'cause',
  TLS_HANDSHAKE_FAILED: 'cause',
  REVOCATION_UNREACHABLE: 'cause',
  HTTP_ERROR: 'cause',
  DOWNLOAD_INTERRUPTED: 'cause',
  PROXY_UNREACHABLE: 'cause',
  PROXY_AUTH_REJECTED: 'cause',
  PROXY_DOWNLOAD_FAILED: 'cause',
  TLS_INSPECTED: 'cause',
  TRUST_ROOT_MISSING: 'cause',
  POSTURE_UNAVAILABLE: 'notice',
  LOCAL_XML_UNREADABLE: 'notice',
  POLICY_UNREADABLE: 'notice',
  POLICY_UNAVAILABLE: 'notice',
  PROXY_NOT_KNOWN: 'notice',
  UPGRADE_PENDING_REBOOT: 'notice',
  STATE_DIR_UNTRUSTED: 'notice',
  REFERENCE_UNAVAILABLE: 'notice',
  // From the history and the remediation layer, added to a result after the rules have judged.
  INTERMITTENT_FAILURES: 'notice',
  REMEDIATION_COOLDOWN: 'notice',
  FORCEUPDATE_UNSUPPORTED: 'state',
  FORCEUPDATE_FAILED: 'state',
  FORCEUPDATE_NO_CHANGE: 'state',
  REMEDIATION_BUSY: 'applicability',
} as const;

export type FindingCode = keyof typeof FINDING_ROLES;
export type FindingRole = (typeof FINDING_ROLES)[FindingCode];

export type FindingParams = Record<string, string | number>;

/** What a rule reports: which finding, and the facts its message is built from. */
export interface FindingDraft {
  code: FindingCode;
  params: FindingParams;
  /** A network cause found on a path tetra-doctor guessed (see PathProvenance): labelled, not asserted. */
  guessed?: boolean;
}
