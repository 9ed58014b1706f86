// The pure pieces behind remediate and collect, as plain functions.
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { pktmonArguments } from '../../src/remediate/collect/capture';
import { supportsForceUpdate } from '../../src/remediate/forceUpdate';
import { updateTook } from '../../src/remediate/observe';
import type { HistoryEntry } from '../../src/state/history';
import { analyzeHistory } from '../../src/state/historyAnalysis';
import { isStale } from '../../src/state/lock';
import { icaclsArguments } from '../../src/state/stateDir';

t.test('-forceupdate exists from connector 7.2.7', async (t) => {
  t.equal(supportsForceUpdate('7.2.7'), true);
  t.equal(supportsForceUpdate('7.2.7.12345'), true);
  t.equal(supportsForceUpdate('8.1.7.21417'), true);
  t.equal(supportsForceUpdate('7.2.6.999'), false);
  t.equal(supportsForceUpdate('6.3.1'), false);
  t.equal(supportsForceUpdate(null), true, 'unknown version: try');
});

t.test(
  'an update took when the version rises or a success is recorded after forcing, before it was observed',
  async (t) => {
    const forcedAt = 1_800_000_000_000;
    const seenAt = forcedAt + 60_000;
    const before = { version: 100, lastSuccessfulUpdate: 1_700_000_000 };
    t.equal(updateTook(before, before, forcedAt, seenAt), false);
    t.equal(updateTook(before, { version: 101, lastSuccessfulUpdate: 1_700_000_000 }, forcedAt, seenAt), true);
    t.equal(
      updateTook(before, { version: 100, lastSuccessfulUpdate: 1_800_000_000 }, forcedAt, seenAt),
      true,
      'same second as forcing counts',
    );
    t.equal(
      updateTook(before, { version: 100, lastSuccessfulUpdate: 1_799_999_999 }, forcedAt, seenAt),
      false,
      'a success before forcing does not',
    );
    t.equal(updateTook(before, { version: 99, lastSuccessfulUpdate: null }, forcedAt, seenAt), false);
    t.equal(
      updateTook(
        { version: null, lastSuccessfulUpdate: null },
        { version: 100, lastSuccessfulUpdate: null },
        forcedAt,
        seenAt,
      ),
      false,
      'unknown before: no rise to see',
    );
    t.equal(
      updateTook(before, { version: 100, lastSuccessfulUpdate: 1_900_000_000 }, forcedAt, seenAt),
      false,
      'a success recorded in the future is no evidence',
    );
    t.equal(
      updateTook(
        { version: null, lastSuccessfulUpdate: null },
        { version: null, lastSuccessfulUpdate: 253_402_300_799 },
        forcedAt,
        seenAt,
      ),
      false,
      'nor is an absurd time when nothing was known before',
    );
    t.equal(
      updateTook(
        { version: 100, lastSuccessfulUpdate: 1_800_000_030 },
        { version: 100, lastSuccessfulUpdate: 1_800_000_010 },
        forcedAt,
        seenAt,
      ),
      false,
      'a success older than the one before is not newer',
    );
  },
);

t.test('lock staleness: dead pid, age past its bound, unreadable', async (t) => {
  const now = Date.now();
  const lock = {
    pid: process.pid,
    host: os.hostname(),
    command: 'remediate',
    startedAt: new Date(now - 1000).toISOString(),
    staleAfterMs: 60_000,
  };
  t.equal(isStale(lock, now), false, 'live and young');
  t.equal(isStale({ ...lock, startedAt: new Date(now - 61_000).toISOString() }, now), true, 'past its bound');
  t.equal(isStale({ ...lock, pid: 2 ** 22 + 12345 }, now), true, 'pid gone');
  t.equal(
    isStale({ ...lock, pid: 2 ** 22 + 12345, host: 'elsewhere' }, now),
    false,
    "another host's pid cannot be checked: only age counts",
  );
  t.equal(isStale(null, now), true);
});

t.test('history analysis', async (t) => {
  const entry = (h: number, status: HistoryEntry['status'], installDir = '/amp'): HistoryEntry => ({
    at: `T${h}`,
    command: 'detect',
    status,
    exitCode: 0,
    installDir,
    version: null,
    lastSuccessfulUpdate: null,
    codes: [],
  });
  const past = [
    entry(1, 'healthy'),
    entry(2, 'unhealthy'),
    entry(3, 'unhealthy'),
    entry(4, 'undetermined'),
    entry(5, 'unhealthy', '/other'),
  ];
  t.match(
    analyzeHistory(past, entry(6, 'unhealthy')),
    { unhealthySince: 'T2', recentRuns: 5, unhealthyRecent: 3, intermittent: false },
    'undetermined does not break the stretch; other installs ignored',
  );
  t.match(analyzeHistory(past, entry(6, 'healthy')), {
    unhealthySince: null,
    unhealthyRecent: 2,
    intermittent: true,
    lastUnhealthyAt: 'T3',
  });
  t.match(
    analyzeHistory([entry(1, 'unhealthy')], entry(2, 'healthy')),
    { intermittent: false },
    'one bad run is not a pattern',
  );
  const many = Array.from({ length: 12 }, (_, i) => entry(i, i < 3 ? 'unhealthy' : 'healthy'));
  t.match(
    analyzeHistory(many, entry(12, 'healthy')),
    { recentRuns: 10, unhealthyRecent: 0, intermittent: false },
    'only the last 10 runs count',
  );
});

t.test('Windows commands: pktmon and icacls arguments', async (t) => {
  t.same(pktmonArguments('start', 'D:\\out'), [
    'start',
    '--capture',
    '--pkt-size',
    '0',
    '--file-name',
    path.join('D:\\out', 'tetra-doctor-capture.etl'),
  ]);
  t.same(pktmonArguments('stop', 'x'), ['stop']);
  t.match(pktmonArguments('convert', 'x'), [
    'etl2pcap',
    /tetra-doctor-capture\.etl$/,
    '--out',
    /tetra-doctor-capture\.pcapng$/,
  ]);
  t.same(icaclsArguments('C:\\ProgramData\\tetra-doctor'), [
    'C:\\ProgramData\\tetra-doctor',
    '/inheritance:r',
    '/grant:r',
    '*S-1-5-32-544:(OI)(CI)F',
    '*S-1-5-18:(OI)(CI)F',
  ]);
});
