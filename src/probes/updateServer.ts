// Which update server to probe: --update-server (URL or bare host), else policy, else the region's default.
import { DEFAULT_UPDATE_SERVER, type ProxyOption, type ServerTarget } from '../contract/options';
import { socksCredentialProblem } from './proxy/socksLimits';
import type { ProxyKind } from '../contract/types';

export type { ServerTarget };

/** Parses a URL or a bare host name (the option's text, else the policy's, else the default); throws on neither. */
export function updateServerTarget(option: string | null, fromPolicy: string | null): ServerTarget {
  const given = option ?? fromPolicy ?? DEFAULT_UPDATE_SERVER;
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}/`);
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, url: url.href };
}

const PROXY_SCHEMES: Record<string, ProxyKind> = {
  'http:': 'http',
  'socks4:': 'socks4',
  'socks4a:': 'socks4a',
  'socks5:': 'socks5',
  'socks5h:': 'socks5h',
};

/** Parses --proxy http://user:pass@host:port (or socks4://, socks4a://, socks5://, socks5h://; IPv6 literals in
 * brackets); the password is returned apart so it can be kept out of output. A user name means Basic for an HTTP
 * proxy, the user name/password method for SOCKS 5 and the user id for SOCKS 4. */
export function parseProxyUrl(value: string): ProxyOption {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  const kind = PROXY_SCHEMES[url.protocol];
  if (!kind)
    throw new Error(
      `proxy must be an http://, socks4://, socks4a://, socks5:// or socks5h:// URL, not ${url.protocol}`,
    );
  if (!url.hostname) throw new Error('proxy URL has no host');
  const username = url.username ? decodeURIComponent(url.username) : null;
  const password = url.password ? decodeURIComponent(url.password) : null;
  // What the proxy's protocol cannot carry is a mistake in the command line, said now rather than at the proxy.
  const problem = socksCredentialProblem(kind, username, password);
  if (problem) throw new Error(`proxy credentials: ${problem}`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : kind === 'http' ? 80 : 1080,
    username,
    password,
    kind,
    auth: username ? 'basic' : 'none',
  };
}
