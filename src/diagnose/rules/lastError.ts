import type { LastErrorParams } from '../../contract/findings/definition';
import { found, type Rule } from '../rule';

type ProxyLastErrorCode = 'LASTERROR_PROXY_CONNECT' | 'LASTERROR_PROXY_AUTH' | 'LASTERROR_PROXY_DOWNLOAD';

/** The connector's own record of why its last TETRA update failed (local.xml //tetra/lasterror). */
export const LAST_ERRORS: Record<number, { code: ProxyLastErrorCode; name: string }> = {
  [-2103]: { code: 'LASTERROR_PROXY_CONNECT', name: 'proxy_connect' },
  [-2100]: { code: 'LASTERROR_PROXY_AUTH', name: 'proxy_auth' },
  [-2109]: { code: 'LASTERROR_PROXY_DOWNLOAD', name: 'proxy_download' },
};

export function lastErrorName(code: number): string {
  return code === 0 ? 'none' : (LAST_ERRORS[code]?.name ?? 'other');
}

/** The error as the connector stores it (signed) and as Cisco's documents print it (unsigned). */
export const lastErrorParams = (code: number): LastErrorParams => ({ signed: code, unsigned: code >>> 0 });

export const lastError: Rule = {
  label: "The connector's last TETRA update error",
  check: ({ facts }) => {
    const code = facts.lastError;
    if (code === null || code === 0) return [];
    return found(LAST_ERRORS[code]?.code ?? 'LASTERROR_OTHER', lastErrorParams(code));
  },
};
