// A loopback HTTP proxy that speaks NTLM the way Windows proxies do: CONNECT without credentials earns
// `407 Proxy-Authenticate: NTLM`; a Type 1 message earns a well-formed Type 2 challenge on the same kept-alive
// connection; a Type 3 message naming the expected user (and domain) opens the tunnel, any other user earns a 407.
// (Squid's ntlm_fake_auth helper would be the real thing, but its Type 2 carries an uninitialised target-name
// offset that a conforming client rejects.) The password is not verified: the test is about the handshake's flow.
import net from 'node:net';
import type { Running } from './servers';
import { startRaw } from './servers';

export interface NtlmProxyOptions {
  user: string;
  domain: string;
}

export async function startNtlmProxy(o: NtlmProxyOptions): Promise<Running & { users: string[] }> {
  const users: string[] = [];
  const running = await startRaw((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      buffered = buffered.subarray(end + 4);
      const target = /^CONNECT (\S+) HTTP/.exec(head)?.[1];
      const auth = /\r\nProxy-Authorization:\s*NTLM\s+(\S+)/i.exec(head)?.[1];
      if (!target) return void socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      const message = auth ? Buffer.from(auth, 'base64') : null;
      const type =
        message && message.length >= 12 && message.toString('latin1', 0, 8) === 'NTLMSSP\0'
          ? message.readUInt32LE(8)
          : 0;
      if (type === 1)
        return void socket.write(
          `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM ${type2().toString('base64')}\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\ndeny!`,
        );
      if (type === 3) {
        const { user, domain } = type3User(message!);
        users.push(`${domain}\\${user}`);
        if (user === o.user && domain.toUpperCase() === o.domain.toUpperCase())
          return void tunnel(socket, target, buffered);
      }
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n');
    });
  });
  return { ...running, users };
}

function tunnel(client: net.Socket, target: string, head: Buffer): void {
  client.removeAllListeners('data');
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(target);
  const upstream = net.connect(Number(match?.[2] ?? 0), match?.[1] ?? '', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
}

/** A Type 2 challenge: Unicode, NTLM, NTLM2 session security, target CORP with its target information. */
function type2(): Buffer {
  const targetName = Buffer.from('CORP', 'utf16le');
  const info = Buffer.concat([
    avPair(2, Buffer.from('CORP', 'utf16le')),
    avPair(1, Buffer.from('PROXY', 'utf16le')),
    avPair(0, Buffer.alloc(0)),
  ]);
  const header = Buffer.alloc(48);
  header.write('NTLMSSP\0', 0, 'latin1');
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(targetName.length, 12);
  header.writeUInt16LE(targetName.length, 14);
  header.writeUInt32LE(48, 16);
  header.writeUInt32LE(0x00000001 | 0x00000004 | 0x00000200 | 0x00010000 | 0x00080000 | 0x00800000, 20);
  Buffer.from('0123456789abcdef', 'hex').copy(header, 24);
  header.writeUInt16LE(info.length, 40);
  header.writeUInt16LE(info.length, 42);
  header.writeUInt32LE(48 + targetName.length, 44);
  return Buffer.concat([header, targetName, info]);
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** User and domain from a Type 3 message's security buffers (Unicode, as negotiated above). */
function type3User(message: Buffer): { user: string; domain: string } {
  const field = (at: number) => {
    if (message.length < at + 8) return '';
    const length = message.readUInt16LE(at);
    const offset = message.readUInt32LE(at + 4);
    return offset + length <= message.length ? message.toString('utf16le', offset, offset + length) : '';
  };
  return { domain: field(28), user: field(36) };
}
