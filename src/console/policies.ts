// The organization's policies and their XML. v1 lists them (GET /v1/policies) and gives each one's XML at
// /v1/policies/{guid}.xml; with a v3 token the XML comes from /v3/organizations/{org}/policies/{guid}/xml, the way
// Cisco's health checker fetches it since connector 8.1.3 no longer keeps policy.xml readable locally, and without a
// v1 key the list comes from /v3/organizations/{org}/policies (paged by start and size, {data, meta {total}}).
import { ConsoleApiError, V1_PAGE_LIMIT, type SecureEndpointClient } from './client';
import { checkPageSize } from './httpParts';

export interface ConsolePolicy {
  guid: string;
  name: string;
  product: string | null;
  serialNumber: number | null;
  isDefault: boolean;
}

export async function listPolicies(client: SecureEndpointClient, product: string | null): Promise<ConsolePolicy[]> {
  const policies: ConsolePolicy[] = [];
  const query = product
    ? `?product[]=${encodeURIComponent(product)}&limit=${V1_PAGE_LIMIT}`
    : `?limit=${V1_PAGE_LIMIT}`;
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

/** A v3 page of policies; 100 keeps each answer small. */
const V3_PAGE_SIZE = 100;

/** Every policy of the organization over v3, page by page, up to the client's page cap. */
export async function listV3Policies(
  client: SecureEndpointClient,
  org: string,
  product: string | null,
): Promise<ConsolePolicy[]> {
  const policies: ConsolePolicy[] = [];
  for (let page = 0, start = 0; ; page++) {
    if (page >= client.maxPages)
      throw new ConsoleApiError(`v3 policies: more than ${client.maxPages} pages; stopped`, null);
    const path = `/v3/organizations/${encodeURIComponent(org)}/policies?start=${start}&size=${V3_PAGE_SIZE}`;
    const body = (await client.json(path, 'v3')) as { data?: unknown; meta?: { total?: unknown } };
    if (!Array.isArray(body?.data)) throw new ConsoleApiError('GET v3 policies: the answer has no data array', null);
    checkPageSize(body.data, V3_PAGE_SIZE, 'GET v3 policies');
    for (const item of body.data as Array<Record<string, unknown>>) {
      const policy = fromV3Policy(item);
      if (policy && (!product || policy.product === product)) policies.push(policy);
    }
    start += body.data.length;
    const total = typeof body.meta?.total === 'number' ? body.meta.total : start;
    if (body.data.length === 0 || start >= total) return policies;
  }
}

/** A v3 policy: {guid, name, serialNumber, operatingSystem, ...}. */
function fromV3Policy(item: Record<string, unknown>): ConsolePolicy | null {
  if (typeof item?.guid !== 'string' || !/^[0-9A-Za-z-]{1,64}$/.test(item.guid)) return null;
  return {
    guid: item.guid,
    name: typeof item.name === 'string' ? item.name : item.guid,
    product: typeof item.operatingSystem === 'string' ? item.operatingSystem : null,
    serialNumber: typeof item.serialNumber === 'number' ? item.serialNumber : null,
    isDefault: item.default === true,
  };
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
