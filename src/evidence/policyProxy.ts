// policy.xml's <proxy>: server, port, type, authtype, username, pacloc, nolocalresolvehost. Policy XML stores these
// as numbers, and Cisco's full code tables are not public: the numbers below are the ones a public sample shows (or
// that follow from the policy's 0/1 convention), names are read too, and docs/proxies.md says which is which. A
// proxy with a server and port whose type cannot be interpreted is still the connector's proxy: it is probed as an
// HTTP proxy (the common case) and the kind is labelled as guessed. Anything else uninterpretable is reported.
import net from 'node:net';
import type { ProxyAuth, ProxyKind, ProxySettings, UninterpretedSetting } from '../contract/types';
import { asInteger, asString } from './fields';
import { pick } from './xmlFile';

const POLICY_PROXY_KINDS: Record<string, ProxyKind> = {
  http: 'http',
  socks4: 'socks4',
  socks4a: 'socks4a',
  socks5: 'socks5',
  socks5h: 'socks5h',
};
const POLICY_PROXY_AUTHS: Record<string, ProxyAuth> = { none: 'none', basic: 'basic', ntlm: 'ntlm' };
/** `<type>1</type>` is the HTTP proxy of Cisco's sample policy (server, port, user name). */
const POLICY_PROXY_KIND_NUMBERS: Record<string, ProxyKind> = { '1': 'http' };
/** `<authtype>1</authtype>` is the sample's, with a user name and password: Basic. 0 is none, by the policy's
 * convention that 0 is off (inferred). NTLM's number is not known. */
const POLICY_PROXY_AUTH_NUMBERS: Record<string, ProxyAuth> = { '0': 'none', '1': 'basic' };

export interface PolicyProxy {
  proxy: ProxySettings | null;
  /** The proxy's type could not be interpreted: it is probed as HTTP, and that is a guess. */
  kindGuessed: boolean;
  /** `nolocalresolvehost`: false (0) when the endpoint resolves names itself, true (1) when the proxy does; null
   * when absent or not a number. */
  proxyResolves: boolean | null;
  pac: { url: string; username: string | null; auth: ProxyAuth; kind: ProxyKind | null } | null;
  uninterpreted: UninterpretedSetting[];
}

export function interpretPolicyProxy(node: unknown, hasPassword: boolean): PolicyProxy {
  const uninterpreted: UninterpretedSetting[] = [];
  const pacUrl = pacUrlOf(asString(pick(node, 'pacloc')), uninterpreted);
  const server = asString(pick(node, 'server'));
  const username = asString(pick(node, 'username'));
  const authtype = asString(pick(node, 'authtype'));
  if (!server) {
    // PAC only: its HTTP proxies get the policy's credentials (an uninterpretable authtype sends none).
    const auth = pacUrl ? authOf(authtype, username, null, uninterpreted) : null;
    return {
      proxy: null,
      kindGuessed: false,
      proxyResolves: null,
      pac: pacUrl
        ? { url: pacUrl, username: auth && auth !== 'none' ? username : null, auth: auth ?? 'none', kind: null }
        : null,
      uninterpreted,
    };
  }
  const address = hostAndPort(server);
  const interpreted = kindOf(asString(pick(node, 'type')), uninterpreted);
  // A server and port with an unknown type: probed as HTTP, the common case, and labelled as a guess.
  const kind = interpreted ?? 'http';
  const auth = authOf(authtype, username, kind, uninterpreted);
  const port = portOf(pick(node, 'port'), address?.port ?? null, uninterpreted);
  if (!address) uninterpreted.push({ field: 'server', value: clip(server) });
  const pac = pacUrl
    ? { url: pacUrl, username: auth && auth !== 'none' ? username : null, auth: auth ?? 'none', kind }
    : null;
  const kindGuessed = interpreted === null;
  const proxyResolves = resolvesOf(pick(node, 'nolocalresolvehost'));
  if (!address || !auth || port === null)
    return { proxy: null, kindGuessed: false, proxyResolves: null, pac, uninterpreted };
  return {
    proxy: {
      host: address.host,
      port,
      username,
      hasPassword,
      source: 'policy',
      kind,
      auth,
      // nolocalresolvehost 0 with an HTTP proxy: the endpoint resolves the update server's name itself.
      ...(proxyResolves === false && kind === 'http' ? { resolvesLocally: true } : {}),
    },
    kindGuessed,
    proxyResolves,
    pac,
    uninterpreted,
  };
}

/** A table's own entry only (a value such as `constructor` is no key). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** 1 means the proxy resolves names ("use proxy server for DNS"), 0 that the endpoint does. */
function resolvesOf(value: unknown): boolean | null {
  const number = asInteger(value);
  return number === 0 ? false : number === 1 ? true : null;
}

function kindOf(value: string | null, uninterpreted: UninterpretedSetting[]): ProxyKind | null {
  const text = (value ?? '').trim().toLowerCase();
  const kind = own(POLICY_PROXY_KINDS, text) ?? own(POLICY_PROXY_KIND_NUMBERS, text);
  if (!kind) uninterpreted.push({ field: 'type', value: clip(value ?? '') });
  return kind ?? null;
}

/** No authtype and no user name is no authentication; anything else must be a name we know. NTLM is an HTTP
 * proxy's scheme only. */
function authOf(
  value: string | null,
  username: string | null,
  kind: ProxyKind | null,
  uninterpreted: UninterpretedSetting[],
): ProxyAuth | null {
  if (value === null && username === null) return 'none';
  const text = (value ?? '').trim().toLowerCase();
  const auth = own(POLICY_PROXY_AUTHS, text) ?? own(POLICY_PROXY_AUTH_NUMBERS, text);
  if (!auth || (auth === 'ntlm' && kind !== null && kind !== 'http')) {
    uninterpreted.push({ field: 'authtype', value: clip(value ?? '') });
    return null;
  }
  return auth;
}

/** The <port> element, else a port written into <server>; none at all is uninterpretable (no default is public). */
function portOf(value: unknown, fromServer: number | null, uninterpreted: UninterpretedSetting[]): number | null {
  const port = asInteger(value) ?? fromServer;
  if (port !== null && port > 0 && port < 65536) return port;
  uninterpreted.push({ field: 'port', value: clip(asString(value) ?? '') });
  return null;
}

function pacUrlOf(value: string | null, uninterpreted: UninterpretedSetting[]): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      // Credentials written into pacloc are never used (WinHTTP fetches PAC files without them) nor shown.
      url.username = '';
      url.password = '';
      return url.href;
    }
  } catch {
    // recorded below
  }
  uninterpreted.push({ field: 'pacloc', value: clip(withoutUserinfo(value)) });
  return null;
}

/** A URL-like text without what stands between its `scheme://` and the last `@` of its authority (user:password),
 * found by position: for a pacloc value that is not a URL at all. */
export function withoutUserinfo(text: string): string {
  const scheme = text.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  let end = text.length;
  for (const stop of ['/', '?', '#']) {
    const at = text.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  const at = text.lastIndexOf('@', end - 1);
  return at >= start ? `${text.slice(0, start)}${text.slice(at + 1)}` : text;
}

/** proxy.corp, proxy.corp:8080, http://proxy.corp:8080/, [::1]:3128, [::1], or a bare IPv6 literal (::1). */
function hostAndPort(server: string): { host: string; port: number | null } | null {
  const text = server
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '');
  if (net.isIPv6(text)) return { host: text, port: null };
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?$/i.exec(text);
  if (!match || (match[1] && !net.isIPv6(match[1]))) return null;
  return { host: match[1] ?? match[2], port: match[3] ? Number(match[3]) : null };
}

/** A value from the file, for a finding: letters, digits and a few separators only (no `=`, quotes or control
 * characters, so it can never forge a key=value token or a marker), and short. */
function clip(value: string): string {
  return value.replace(/[^A-Za-z0-9 ._:/-]/g, '?').slice(0, 32);
}
