// DNS: does the update server's name resolve from this endpoint (Resolve-DnsName in the manual procedure)?
import { promises as dns } from 'node:dns';
import type { ProbeResult } from '../contract/types';
import type { ProbeContext } from './context';
import { ProbeError, withTimeout } from './deadline';
import { runProbe } from './runProbe';

export function probeDns(ctx: ProbeContext): Promise<ProbeResult> {
  const { host } = ctx.server;
  return runProbe('dns', host, ctx.deadline, false, async () => {
    const lookup = dns.lookup(host, { all: true }).catch((err: NodeJS.ErrnoException) => {
      throw new ProbeError('dns', `${host} does not resolve (${err.code ?? err.message})`);
    });
    const addresses = await withTimeout(lookup, ctx.deadline.remainingMs(), 'dns', `DNS lookup of ${host}`);
    return { detail: { addresses: addresses.map((a) => a.address) } };
  });
}
