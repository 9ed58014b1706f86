// The bad-input matrix: malformed and hostile inputs from every source tetra-doctor reads, each with the finding
// and exit code it must produce, one file per class of input in cases/. docs/reliability.md is generated from this
// table (npm run docs:reliability). To add a class: write cases/<class>.ts exporting a Case[], and list it below.
import type { MatrixRuns } from './runMatrix';
import { writeFileSync } from 'node:fs';
import type { CliRun } from '../helpers/cli';
import { parseLine } from '../../src/render/line';
import { BASELINE } from './cases/baseline';
import { CLI } from './cases/cli';
import { FILES } from './cases/files';
import { NUMBERS } from './cases/numbers';
import { OUTPUT } from './cases/output';
import { PAC } from './cases/pac';
import { PATTERNS } from './cases/patterns';
import { PROXY_LIBS } from './cases/proxyLibs';
import { REMEDIATION } from './cases/remediation';
import { SECRETS } from './cases/secrets';
import { SIGNALS } from './cases/signals';
import { STATE } from './cases/state';
import { TERMINAL } from './cases/terminal';
import { TYPOS } from './cases/typos';
import { VERDICT } from './cases/verdict';
import { cleanup, MAX_RSS_MB, type Case } from './kit';

export type { Case } from './kit';

export const CASES: Case[] = [
  ...BASELINE,
  ...FILES,
  ...SECRETS,
  ...VERDICT,
  ...TERMINAL,
  ...NUMBERS,
  ...REMEDIATION,
  ...SIGNALS,
  ...STATE,
  ...CLI,
  ...TYPOS,
  ...OUTPUT,
  ...PAC,
  ...PROXY_LIBS,
  ...PATTERNS,
];

export async function cleanUp(): Promise<void> {
  while (cleanup.length) await cleanup.pop()!();
}

const RESULT_KEYS = [
  'schemaVersion',
  'tool',
  'command',
  'host',
  'checkedAt',
  'status',
  'exitCode',
  'connector',
  'tetra',
  'probes',
  'findings',
  'summary',
];

/** The finding codes a run reported, from its JSON or its line's codes= token. */
function reportedCodes(c: Case, run: CliRun): string[] {
  if ((c.output ?? 'json') === 'line') return parseLine(run.stdout)?.fields.codes?.split(',') ?? [];
  return (run.json?.findings ?? []).map((f: { code: string }) => f.code);
}

/**
 * Every assertion the matrix makes on a case's run: what every case owes, then the case's own checks. `baselineMs`
 * is the CLI's start-up measured beside the cases, so that a loaded machine raises the time bound with it.
 */
export function assess(c: Case, run: CliRun, baselineMs: number): Array<{ name: string; problem: string | null }> {
  const out: Array<{ name: string; problem: string | null }> = [];
  const expect = (name: string, ok: boolean, detail = '') =>
    out.push({ name, problem: ok ? null : `${name}${detail ? `: ${detail}` : ''}` });
  expect('exit code', run.code === c.exit, `expected ${c.exit}, got ${run.code}`);
  expect('no stack trace', !/\n\s+at .+:\d+:\d+\)?\n/.test(run.stdout + run.stderr));
  const bound = Math.max(20_000, 25 * baselineMs);
  expect('bounded time', run.ms < bound, `${run.ms} ms, bound ${bound} ms (start-up ${baselineMs} ms)`);
  const maxRssMb = c.maxRssMb ?? MAX_RSS_MB;
  if (run.rssKiB !== null)
    expect(
      'bounded memory',
      run.rssKiB < maxRssMb * 1024,
      `${(run.rssKiB / 1024).toFixed(0)} MB, bound ${maxRssMb} MB`,
    );
  expect('the proxy password never shows', !/S3NTINEL/.test(run.stdout + run.stderr));
  if (c.exit === 2) {
    expect('nothing on stdout', run.stdout === '');
    expect(
      'one line on stderr',
      run.stderr.trim().split('\n').length === 1 && run.stderr.trim() !== '',
      JSON.stringify(run.stderr),
    );
  } else {
    expect('stderr stays empty', run.stderr === '', JSON.stringify(run.stderr.slice(0, 300)));
    const output = c.output ?? 'json';
    if (output === 'json') {
      expect('stdout is valid JSON', run.json !== null, run.stdout.slice(0, 200));
      expect(
        'the result is complete',
        RESULT_KEYS.every((k) => k in (run.json ?? {})),
      );
    }
    if (output === 'line') {
      const lines = run.stdout.trim().split('\n');
      expect(
        'one line, starting with the marker',
        lines.length === 1 && lines[0].startsWith('TETRA-DOCTOR '),
        run.stdout.slice(0, 200),
      );
      expect('at most 2048 characters', lines[0].length <= 2048, `${lines[0].length}`);
    }
    if (c.codes !== null) {
      const codes = reportedCodes(c, run);
      for (const code of c.codes) expect(`reports ${code}`, codes.includes(code), `got ${codes.join(', ') || 'none'}`);
      if (c.codes.length === 0) expect('tolerated without findings', codes.length === 0, codes.join(', '));
    }
  }
  for (const check of c.checks ?? []) {
    let problem: string | null;
    try {
      problem = check.check(run);
    } catch (err) {
      problem = (err as Error).message;
    }
    out.push({ name: check.name, problem: problem === null ? null : `${check.name}: ${problem}` });
  }
  return out;
}

/** docs/reliability.md, generated from the matrix so that the two cannot drift apart: what each case produced. */
export function writeReliabilityDoc(
  file: string,
  { runs: results, baselineMs }: MatrixRuns,
  fleetRows: string[] = [],
  adminRows: string[] = [],
): void {
  const rows = CASES.map((c) => {
    const run = results.get(c.id);
    if (!run) return `| ${c.id} | ${c.area} | ${cell(c.input)} | not run | | |`;
    const codes = reportedCodes(c, run);
    const checks = (c.checks ?? []).map((k) => k.name);
    const findings = c.output === 'text' ? 'text output' : codes.join(', ') || 'none (input tolerated)';
    const reported =
      run.code === 2
        ? `usage error: ${run.stderr.trim()}`
        : `${findings}${checks.length ? `; ${checks.join('; ')}` : ''}`;
    const failed = assess(c, run, baselineMs).filter((a) => a.problem !== null);
    const met = failed.length === 0 ? '' : ` (NOT AS EXPECTED: ${failed.map((f) => f.problem).join('; ')})`;
    const rss = run.rssKiB ? `${(run.rssKiB / 1024).toFixed(0)} MB` : '-';
    return `| ${c.id} | ${c.area} | ${cell(c.input)} | ${cell(reported + met)} | ${run.code} | ${run.ms} ms, ${rss} |`;
  });
  writeFileSync(
    file,
    [
      '# Reliability: the bad-input matrix',
      '',
      'Every row is a test in `test/reliability/matrix.test.ts` (cases in `test/reliability/cases/`, one file per class of',
      'input, listed in `test/reliability/cases.ts`). For each one the test asserts the exit code, the findings, that',
      'stdout is one complete, valid JSON result (or one `line`, or text, as the case asks; for usage errors, empty), that',
      'stderr is empty (one line for usage errors), that no stack trace appears anywhere, that the run took less than',
      "20 s or 25 times a failed probe's run measured beside the cases, whichever is longer (a loaded machine raises the",
      'bound with it; the network cases use a 2.5 s deadline, and 15 s through a proxy that fails at once, so that load',
      'cannot turn that failure into a timeout), that its peak RSS stayed under 150 MB (200 MB for the PAC sandbox, which',
      "runs QuickJS in a worker thread), and the checks of the case's own",
      'class named after its findings (no secret in any form, one marker, no escape sequence...). The findings,',
      'exit codes, times and peak RSS below are what each case produced in the run',
      'that wrote this file (`npm run docs:reliability`) on a 2-core machine; RSS is not measured for usage errors.',
      '',
      '| id | source | input | findings reported | exit | time, peak RSS |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      '## fleet',
      '',
      'Every row is a test in `test/reliability/fleet.test.ts` (cases in `test/reliability/fleetCases.ts`): `fleet` (or',
      '`fleet --secure-endpoint` against a local Secure Endpoint API) run on hostile inputs. Each asserts the exit code, a',
      'complete JSON report on stdout, no stack trace, under 30 s and 300 MB, and what the case says the report must hold.',
      '',
      '| id | source | input | report | exit | time, peak RSS |',
      '|---|---|---|---|---|---|',
      ...fleetRows,
      '',
      '## admin machine',
      '',
      'Every row is a test in `test/reliability/admin.test.ts` (cases in `test/reliability/adminCases.ts`): `policy` saving',
      'policy XML (which holds the proxy password) into a folder where something was planted, and hostile Secure Endpoint',
      'console answers. Each asserts the exit code, no stack trace, under 30 s and 300 MB, and what the case says must hold.',
      '',
      '| id | source | input | outcome | exit | time, peak RSS |',
      '|---|---|---|---|---|---|',
      ...adminRows,
      '',
    ].join('\n'),
  );
}

/** A table cell: one line, no pipe, nothing a terminal or a Markdown viewer would act on. */
export function cell(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what a table cell must not carry
  return text.replace(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '?').replace(/\|/g, '/');
}
