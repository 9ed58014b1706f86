import type { Snapshot } from '../../types';
import type { FindingDraft, FindingParams } from '../codes';
import type { Rule } from '../rule';
import { LAST_ERRORS } from './lastError';
import { onGuessedPath } from './networkPath';

const PROXY_ERRORS = new Set(['LASTERROR_PROXY_CONNECT', 'LASTERROR_PROXY_AUTH', 'LASTERROR_PROXY_DOWNLOAD']);

/** What was probed and where each part came from, in words for the messages. */
export function probedPathParams(snapshot: Snapshot): FindingParams {
  const path = snapshot.path;
  if (!path) return {};
  const proxy = snapshot.proxy;
  return {
    server: path.updateServer.url,
    // Source codes; the catalog puts them into words of each language.
    serverSource: path.updateServer.source,
    proxy: proxy ? `${proxy.host}:${proxy.port}` : 'direct',
    proxySource: path.proxySource,
  };
}

/** Says when the path probed is not the connector's known path, and when the connector's own record contradicts it. */
export const pathKnown: Rule = {
  label: "The path probed is the connector's (its policy, or what the admin named)",
  check: ({ snapshot, facts }) => {
    const path = snapshot.path;
    if (!path || !snapshot.install.found) return [];
    const drafts: FindingDraft[] = [];
    // Only when a probe ran (not --offline) and some part of the path was a guess; an unreadable policy.xml is
    // POLICY_UNREADABLE's, with the same words about what was probed.
    if (onGuessedPath(snapshot) && snapshot.probes.length > 0 && snapshot.policy.state === 'skipped') {
      drafts.push({
        code: 'POLICY_UNAVAILABLE',
        params: { reason: path.localPolicy ?? 'not consulted', ...probedPathParams(snapshot) },
      });
    }
    const lastError = facts.lastError;
    const known = lastError !== null ? LAST_ERRORS[lastError] : undefined;
    if (known && PROXY_ERRORS.has(known.code) && path.proxySource === 'none') {
      drafts.push({ code: 'PROXY_NOT_KNOWN', params: { signed: lastError!, unsigned: lastError! >>> 0 } });
    }
    return drafts;
  },
};
