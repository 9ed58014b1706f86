// local.xml: the connector's own record of its TETRA version, update times and last update error.
import type { TrustedInstall } from '../discover/trustedInstall';
import type { LocalXmlInfo, Source } from '../contract/types';
import { asInteger, asString, asUnixSeconds, policyIdentity } from './fields';
import { findDeep, pick, readXmlFile } from './xmlFile';

export async function readLocalXml(install: TrustedInstall): Promise<Source<LocalXmlInfo>> {
  const file = install.filePath('local.xml');
  const read = await readXmlFile(file);
  if (read.state === 'missing') return { state: 'failed', error: `${file} does not exist` };
  if (read.state === 'failed') return read;
  return interpretLocalXml(read.document);
}

export function interpretLocalXml(document: Record<string, unknown>): Source<LocalXmlInfo> {
  const config = pick(document, 'config');
  if (config === undefined) return { state: 'failed', error: 'local.xml has no <config> root element' };
  const tetra = pick(config, 'agent', 'engine', 'tetra');
  const policy = policyIdentity(pick(config, 'janus', 'policy'));
  return {
    state: 'ok',
    value: {
      ...(policy ? { policy } : {}),
      agentUuid: asString(pick(config, 'agent', 'uuid')),
      tetraVersion: currentLayoutVersion(config) ?? versionAfterPrefix(pick(tetra, 'defversions')),
      lastUpdate: asUnixSeconds(pick(tetra, 'lastupdate')),
      lastSuccess: asUnixSeconds(pick(tetra, 'lastsuccesstime')),
      lastChecked: asUnixSeconds(pick(tetra, 'lastupdatechecked')),
      lastError: toSignedInt32(asInteger(findDeep(config, 'tetra', 'lasterror'))),
    },
  };
}

/** Current layout: config/agent/engine/stats/definitions holds JSON whose TETRA entry reads "<prefix>:<version>". */
function currentLayoutVersion(config: unknown): number | null {
  const text = asString(pick(config, 'agent', 'engine', 'stats', 'definitions'));
  if (!text) return null;
  try {
    const stats = JSON.parse(text) as { engineDefinitions?: Array<{ defVersion?: unknown; engine?: unknown }> };
    const entries = Array.isArray(stats.engineDefinitions) ? stats.engineDefinitions : [];
    const tetra =
      entries.find((e) => typeof e?.engine === 'string' && e.engine.toLowerCase() === 'tetra') ?? entries[0];
    return versionAfterPrefix(tetra?.defVersion);
  } catch {
    return null;
  }
}

function versionAfterPrefix(value: unknown): number | null {
  const text = asString(value);
  if (!text) return null;
  return asInteger(text.includes(':') ? text.slice(text.lastIndexOf(':') + 1) : text);
}

/** The connector writes lasterror unsigned (4294965196) or signed (-2100); both mean the same. */
export function toSignedInt32(value: number | null): number | null {
  if (value === null || value < -0x80000000 || value > 0xffffffff) return null;
  return value > 0x7fffffff ? value - 0x100000000 : value;
}
