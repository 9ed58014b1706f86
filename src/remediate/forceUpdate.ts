// `sfc.exe -forceupdate`: asks the connector to fetch TETRA definitions now. Connector 7.2.7 and later only.
import { compareVersions } from '../discover/installDir';
import type { TrustedInstall } from '../discover/trustedInstall';
import { runConnectorTool, type ToolRun } from '../state/connectorTool';

const FORCEUPDATE_MIN_VERSION = '7.2.7';
/** sfc.exe only signals the service; it should return at once. Its exit codes are undocumented. */
const FORCEUPDATE_TIMEOUT_MS = 60_000;

/** Unknown version: try anyway; an older sfc.exe ignores a switch it does not know. */
export function supportsForceUpdate(connectorVersion: string | null): boolean {
  if (!connectorVersion || !/^\d+(\.\d+)*$/.test(connectorVersion)) return true;
  return compareVersions(connectorVersion, FORCEUPDATE_MIN_VERSION) >= 0;
}

export function forceUpdate(install: TrustedInstall): Promise<ToolRun> {
  return runConnectorTool(install, 'sfc.exe', ['-forceupdate'], FORCEUPDATE_TIMEOUT_MS);
}
