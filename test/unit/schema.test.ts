// The published schemas (schema/) catch what they promise to: runCli checks every JSON result against them, so they
// must reject a result that breaks the contract, and the row schema must reject a row fleet must never send.
import t from 'tap';
import { result } from '../helpers/fleetData';
import { schemaErrors, schemaValidator } from '../helpers/schema';
import { toFleetRow } from '../../src/fleet/ship/rows';
import type { EndpointRecord } from '../../src/fleet/types';

const record: EndpointRecord = {
  device: 'PC-1',
  checkedAt: Date.parse('2026-11-27T10:00:00Z'),
  status: 'unhealthy',
  version: 90500,
  latest: 90606,
  lastUpdate: Date.parse('2026-11-20T10:00:00Z'),
  codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
  summary: 'proxy answered 407',
  unhealthySince: null,
  remediation: null,
  source: 'export.csv',
  line: 12,
  guid: null,
};

t.test('a result as the CLI writes it keeps the result schema; one that breaks it is named', async (t) => {
  t.equal(schemaErrors(result({ host: 'PC-1', status: 'healthy' })), null);
  t.match(schemaErrors({ ...result({ host: 'PC-1', status: 'healthy' }), status: 'fine' }), /status/);
  t.match(schemaErrors({ ...result({ host: 'PC-1', status: 'healthy' }), surprise: 1 }), /additional properties/);
  const { tetra, ...withoutTetra } = result({ host: 'PC-1', status: 'healthy' });
  t.ok(tetra);
  t.match(schemaErrors(withoutTetra), /tetra/);
  t.equal(schemaErrors({ anything: true }), null, 'JSON that is no result of ours is not checked');
});

t.test('the policy and intune deploy reports are checked by their own schemas', async (t) => {
  const tool = { name: 'tetra-doctor', version: '0.1.0' };
  const policy = {
    schemaVersion: 1,
    tool,
    command: 'policy',
    generatedAt: '2026-11-27T10:00:00.000Z',
    console: 'https://api.amp.cisco.com',
    folder: 'policies',
    via: 'v1',
    policies: [
      { guid: 'g', name: 'Protect', product: 'windows', serialNumber: 7, file: null, summary: null, error: 'x' },
    ],
    error: null,
  };
  t.equal(schemaErrors(policy), null);
  t.match(schemaErrors({ ...policy, via: 'v2' }), /policy JSON breaks schema\/policy-report.schema.json: \/via/);
  t.match(schemaErrors({ ...policy, policies: [{ ...policy.policies[0], password: 'p' }] }), /password/);
  const deploy = {
    schemaVersion: 1,
    tool,
    command: 'intune deploy',
    release: '0.1.0',
    dryRun: false,
    groupId: 'g',
    app: { id: 'a', displayName: 'tetra-doctor', committedContentVersion: '1' },
    remediation: { id: 'r', displayName: 'TETRA definitions' },
    created: ['app'],
    updated: [],
    unchanged: [],
    plan: [],
    error: null,
  };
  t.equal(schemaErrors(deploy), null);
  t.match(schemaErrors({ ...deploy, error: { step: 'upload' } }), /intune-deploy.schema.json: \/error/);
});

t.test('the fleet row: what toFleetRow makes keeps it; a bad code, a long name, a stray column do not', async (t) => {
  const validate = schemaValidator('fleet-row');
  const row = toFleetRow(record, null);
  t.ok(validate(row), JSON.stringify(validate.errors));
  t.equal(row.source, 'export.csv:12');
  t.equal(row.versionsBehind, 106);
  t.match(row.resultId, /^[0-9a-f]{32}$/);
  t.notOk(validate({ ...row, codes: ['not a code'] }));
  t.notOk(validate({ ...row, device: 'x'.repeat(257) }));
  t.notOk(validate({ ...row, extra: 1 }));
});

t.test('resultId: the same check read again from elsewhere keeps its id; another check gets another', async (t) => {
  const id = toFleetRow(record, null).resultId;
  t.equal(toFleetRow({ ...record, device: ' pc-1 ', source: 'graph:x', line: null }, null).resultId, id);
  t.not(toFleetRow({ ...record, checkedAt: record.checkedAt! + 1000 }, null).resultId, id);
  t.not(toFleetRow({ ...record, device: 'PC-2' }, null).resultId, id);
  const timeless = { ...record, checkedAt: null };
  t.equal(toFleetRow(timeless, null).resultId, toFleetRow({ ...timeless, source: 'other' }, null).resultId);
  t.not(toFleetRow(timeless, null).resultId, toFleetRow({ ...timeless, version: 90501 }, null).resultId);
});
