// Opens a direct TCP connection to a target, telling apart how it failed (proxy tunnels: proxy/tunnel.ts).
import net from 'node:net';
import { classifyError } from './classifyError';
import { ProbeError, withTimeout } from './deadline';
import { authority } from './proxy/authority';

export function connectDirect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  const connected = new Promise<net.Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('error', (err) => {
      const { failure, message } = classifyError(err, { viaProxy: false });
      reject(new ProbeError(failure, message));
    });
  });
  return withTimeout(connected, timeoutMs, 'timeout', `TCP connect to ${authority(host, port)}`, () =>
    socket.destroy(),
  );
}
