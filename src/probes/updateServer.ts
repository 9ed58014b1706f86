// Which update server to probe: --update-server (URL or bare host), else policy, else the region's default.
import { DEFAULT_UPDATE_SERVER, type ProxyOption, type ServerTarget } from '../options';

export type { ServerTarget };

/** The option wins (already parsed), then the policy's server, then the default. */
export function chooseUpdateServer(option: ServerTarget | null, fromPolicy: string | null): ServerTarget {
  return option ?? updateServerTarget(null, fromPolicy);
}

/** Parses a URL or a bare host name (the option's text, else the policy's, else the default); throws on neither. */
export function updateServerTarget(option: string | null, fromPolicy: string | null): ServerTarget {
  const given = option ?? fromPolicy ?? DEFAULT_UPDATE_SERVER;
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}/`);
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, url: url.href };
}

/** Parses --proxy http://user:pass@host:port; the password is returned apart so it can be kept out of output. */
export function parseProxyUrl(value: string): ProxyOption {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  if (url.protocol !== 'http:') throw new Error(`proxy must be an http:// URL, not ${url.protocol}`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 80,
    username: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}
