// host:port as a PAC entry or a WinHTTP proxy list writes it: name:port, a.b.c.d:port, [v6]:port.
import net from 'node:net';

export function hostAndPortOf(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+)):(\d{1,5})$/i.exec(text.trim());
  if (!match || (match[1] && !net.isIPv6(match[1]))) return null;
  const port = Number(match[3]);
  return port > 0 && port < 65536 ? { host: match[1] ?? match[2], port } : null;
}
