import type { FindingCode } from '../codes';
import { found, type Rule } from '../rule';

/** The connector's own record of why its last TETRA update failed (local.xml //tetra/lasterror). */
export const LAST_ERRORS: Record<number, { code: FindingCode; name: string }> = {
  [-2103]: { code: 'LASTERROR_PROXY_CONNECT', name: 'proxy_connect' },
  [-2100]: { code: 'LASTERROR_PROXY_AUTH', name: 'proxy_auth' },
  [-2109]: { code: 'LASTERROR_PROXY_DOWNLOAD', name: 'proxy_download' },
};

export function lastErrorName(code: number): string {
  return code === 0 ? 'none' : (LAST_ERRORS[code]?.name ?? 'other');
}

export const lastError: Rule = {
  label: "The connector's last TETRA update error",
  check: ({ facts }) => {
    const code = facts.lastError;
    if (code === null || code === 0) return [];
    const params = { signed: code, unsigned: code >>> 0 };
    return found(LAST_ERRORS[code]?.code ?? 'LASTERROR_OTHER', params);
  },
};
