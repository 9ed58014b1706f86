// `AmpCLI.exe posture`: the connector's own view of its engines, run directly and bounded in time and size.
import type { DefinitionInfo, EngineInfo, PostureInfo, Source } from '../contract/types';
import { decodeText } from './decodeText';
import { asArray, asBoolean, asInteger, asRecord, asString, asUnixSeconds } from './fields';
import type { TrustedInstall } from '../discover/trustedInstall';
import { runBounded } from '../system/runBounded';

const MAX_POSTURE_BYTES = 4 * 1024 * 1024;

export async function readPosture(install: TrustedInstall, timeoutMs: number): Promise<Source<PostureInfo>> {
  const ampCli = install.programPath('AmpCLI.exe');
  const run = await runBounded(ampCli, ['posture'], { timeoutMs, maxBytes: MAX_POSTURE_BYTES });
  if (run.spawnError) return { state: 'failed', error: `AmpCLI.exe could not be started: ${run.spawnError}` };
  if (run.timedOut) return { state: 'failed', error: `AmpCLI.exe posture did not finish within ${timeoutMs} ms` };
  if (run.truncated)
    return { state: 'failed', error: `AmpCLI.exe posture printed more than ${MAX_POSTURE_BYTES} bytes` };
  const parsed = parsePosture(decodeText(run.stdout));
  if (parsed.state === 'failed' && run.exitCode !== 0) {
    return { state: 'failed', error: `AmpCLI.exe posture exited with ${run.exitCode}: ${parsed.error}` };
  }
  return parsed;
}

/** Parses posture output: one JSON object, possibly with noise around it. */
export function parsePosture(text: string): Source<PostureInfo> {
  // Tolerate noise around the object (warnings, banners), but not an array or any other JSON value.
  const start = text.search(/[{[]/);
  const end = text.lastIndexOf('}');
  if (start < 0 || text[start] !== '{' || end <= start)
    return { state: 'failed', error: 'posture output holds no JSON object' };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { state: 'failed', error: `posture output is not valid JSON (${(err as Error).message})` };
  }
  const record = asRecord(raw);
  if (!record) return { state: 'failed', error: 'posture output is not a JSON object' };
  return {
    state: 'ok',
    value: {
      agentUuid: asString(record.agent_uuid),
      connected: asBoolean(record.connected),
      running: asBoolean(record.running),
      connectorVersion: asString(record.connector_version),
      engines: asArray(record.engines)
        .map(parseEngine)
        .filter((e): e is EngineInfo => e !== null),
    },
  };
}

function parseEngine(value: unknown): EngineInfo | null {
  const record = asRecord(value);
  const name = record && asString(record.name);
  if (!record || !name) return null;
  return { name, enabled: asBoolean(record.enabled), definitions: asArray(record.definitions).map(parseDefinition) };
}

function parseDefinition(value: unknown): DefinitionInfo {
  const record = asRecord(value) ?? {};
  return {
    name: asString(record.name),
    version: asInteger(record.version),
    timestamp: asUnixSeconds(record.timestamp),
    lastSuccessfulUpdate: asUnixSeconds(record.last_successful_update),
  };
}

export function tetraEngine(posture: PostureInfo): EngineInfo | null {
  return posture.engines.find((e) => e.name.toLowerCase() === 'tetra') ?? null;
}
