// The organization's policies and their XML. v1 lists them (GET /v1/policies) and gives each one's XML at
// /v1/policies/{guid}.xml; with a v3 bearer token the XML comes from /v3/organizations/{org}/policies/{guid}/xml,
// the way Cisco's health checker fetches it since connector 8.1.3 no longer keeps policy.xml readable locally.
import { ConsoleApiError, type SecureEndpointClient } from './client';

export interface ConsolePolicy {
  guid: string;
  name: string;
  product: string | null;
  serialNumber: number | null;
  isDefault: boolean;
}

export async function listPolicies(client: SecureEndpointClient, product: string | null): Promise<ConsolePolicy[]> {
  const policies: ConsolePolicy[] = [];
  const query = product ? `?product[]=${encodeURIComponent(product)}&limit=500` : '?limit=500';
  for await (const page of client.pages<Record<string, unknown>>(`/v1/policies${query}`)) {
    for (const item of page.data) {
      if (typeof item?.guid !== 'string' || !/^[0-9A-Za-z-]{1,64}$/.test(item.guid)) continue;
      policies.push({
        guid: item.guid,
        name: typeof item.name === 'string' ? item.name : item.guid,
        product: typeof item.product === 'string' ? item.product : null,
        serialNumber: typeof item.serial_number === 'number' ? item.serial_number : null,
        isDefault: item.default === true,
      });
    }
  }
  return policies;
}

/** The organization for v3 calls: the one the token sees, or the one named when it sees several. */
export async function v3Organization(client: SecureEndpointClient, wanted: string | null): Promise<string> {
  const body = (await client.json('/v3/organizations?size=100', 'v3')) as {
    data?: Array<{ organizationIdentifier?: unknown; name?: unknown }>;
  };
  const orgs = (body.data ?? []).filter((o) => typeof o.organizationIdentifier === 'string') as Array<{
    organizationIdentifier: string;
    name?: unknown;
  }>;
  if (wanted) {
    const found = orgs.find((o) => o.organizationIdentifier === wanted || o.name === wanted);
    if (!found) throw new ConsoleApiError(`no organization "${wanted}" among the ${orgs.length} the token sees`, null);
    return found.organizationIdentifier;
  }
  if (orgs.length === 1) return orgs[0].organizationIdentifier;
  if (orgs.length === 0) throw new ConsoleApiError('the v3 token sees no organization', null);
  throw new ConsoleApiError(
    `the v3 token sees ${orgs.length} organizations (${orgs.map((o) => o.organizationIdentifier).join(', ')}); name one with --organization`,
    null,
  );
}

export async function policyXml(client: SecureEndpointClient, guid: string, v3Org: string | null): Promise<string> {
  const path = v3Org
    ? `/v3/organizations/${encodeURIComponent(v3Org)}/policies/${encodeURIComponent(guid)}/xml`
    : `/v1/policies/${encodeURIComponent(guid)}.xml`;
  return client.text(path, v3Org ? 'v3' : 'v1', 'application/xml, text/xml');
}
