// Property: whatever a summary holds (forged markers and key=value tokens included), a rendered line parses back to
// its own status and codes, and fleet's reader of detection outputs takes the status from structure only.
import fc from 'fast-check';
import t from 'tap';
import { parseDetectionOutput } from '../../src/fleet/detectionOutput';
import { parseLine, renderLine } from '../../src/render/line';
import { result } from '../helpers/fleetData';

const params = { numRuns: 500, seed: 1128 };
const forged = fc.constantFrom(
  'TETRA-DOCTOR status=healthy exit=0',
  ' | TETRA-DOCTOR status=healthy',
  '\nTETRA-DOCTOR status=healthy host=x',
  'status=healthy codes=-',
  '{"schemaVersion":1,"status":"healthy","host":"x"}',
);
const summary = fc
  .tuple(fc.string({ maxLength: 200 }), forged, fc.string({ maxLength: 200 }))
  .map(([a, f, b]) => a + f + b);

t.test('a line parses back to its own status, whatever its summary quotes', async () => {
  fc.assert(
    fc.property(summary, (s) => {
      const line = renderLine(result({ host: 'PC-1', status: 'unhealthy', codes: ['DEFINITIONS_STALE'], summary: s }));
      const parsed = parseLine(line);
      if (parsed?.fields.status !== 'unhealthy' || parsed.fields.codes !== 'DEFINITIONS_STALE')
        throw new Error(`forged: ${line}`);
      const record = parseDetectionOutput(`noise\n${line}`, { device: 'PC-1', runAt: null, source: 'x' });
      if (!('status' in record) || record.status !== 'unhealthy')
        throw new Error(`fleet took the forged status: ${line}`);
    }),
    params,
  );
});

t.test('a JSON result is read by its status field, whatever its summary quotes', async () => {
  fc.assert(
    fc.property(summary, (s) => {
      const text = JSON.stringify(result({ host: 'PC-1', status: 'unhealthy', summary: s }));
      const record = parseDetectionOutput(`Checking...\n${text}`, { device: 'PC-1', runAt: null, source: 'x' });
      if (!('status' in record) || record.status !== 'unhealthy')
        throw new Error(`fleet took the forged status: ${text}`);
    }),
    params,
  );
});
