// Tolerant readers for values whose type the connector does not promise: missing or odd means unknown (null).

export function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function asString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function asInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  const text = asString(value);
  if (text === null || !/^-?\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = asString(value)?.toLowerCase();
  if (text === '1' || text === 'true' || text === 'yes') return true;
  if (text === '0' || text === 'false' || text === 'no') return false;
  return null;
}

/** 9999-12-31T23:59:59Z: a later time is damage, and would leave the range a Date can print. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/** Unix seconds; values in milliseconds are scaled down, zero and negatives mean "never", absurd times unknown. */
export function asUnixSeconds(value: unknown): number | null {
  const n = asInteger(value);
  if (n === null || n <= 0) return null;
  const seconds = n > 1e11 ? Math.floor(n / 1000) : n;
  return seconds <= MAX_UNIX_SECONDS ? seconds : null;
}

/** janus/policy: the policy's uuid (a GUID, else not read) and its serial number. Null without a uuid. */
export function policyIdentity(janusPolicy: unknown): { uuid: string; serial: number | null } | null {
  const record = asRecord(janusPolicy);
  const uuid = asString(record?.uuid)?.toLowerCase() ?? null;
  if (!uuid || !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(uuid)) return null;
  return { uuid, serial: asInteger(record?.serial_number) };
}
