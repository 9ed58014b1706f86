// Host and port as they appear on the wire: an IPv6 literal is bracketed in a CONNECT authority, a Host header and
// a URL ([::1]:443), and bare everywhere else (sockets, SOCKS, certificate checks).
import net from 'node:net';

/** `host:port`, with an IPv6 literal in brackets. */
export function authority(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** A host name as it came from a URL or a setting, without the brackets of an IPv6 literal. */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}
