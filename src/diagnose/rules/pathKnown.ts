import type { PathProvenance, Snapshot } from '../../contract/types';
import type { FindingDraft } from '../../contract/findings';
import type { ProbedPathParams } from '../../contract/findings/definition';
import type { Rule } from '../rule';
import { LAST_ERRORS, lastErrorParams } from './lastError';
import { onGuessedPath } from './networkPath';

/** What was probed and where each part came from, in words for the messages. */
export function probedPathParams(path: PathProvenance, proxy: Snapshot['proxy']): ProbedPathParams {
  return {
    server: path.updateServer.url,
    // Source codes; the finding's text puts them into words of each language.
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
        params: { reason: path.localPolicy ?? 'not consulted', ...probedPathParams(path, snapshot.proxy) },
      });
    }
    const lastError = facts.lastError;
    // Every error LAST_ERRORS names is a proxy error.
    if (lastError !== null && LAST_ERRORS[lastError] && path.proxySource === 'none') {
      drafts.push({ code: 'PROXY_NOT_KNOWN', params: lastErrorParams(lastError) });
    }
    return drafts;
  },
};
