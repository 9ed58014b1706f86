// npm run docs:reliability: runs the matrix (endpoint commands, then fleet) and writes docs/reliability.md with what
// each case measured.
import path from 'node:path';
import { CASES, cell, writeReliabilityDoc } from './cases';
import { ADMIN_CASES, cleanUpAdmin } from './adminCases';
import { cleanUpFleet, FLEET_CASES as FLEET_BASE_CASES } from './fleetCases';
import { FLEET_TRUTH_CASES } from './fleetTruthCases';
import { runMatrix } from './runMatrix';

export async function main(): Promise<void> {
  const results = await runMatrix(CASES);
  const fleetRows = await runFleetMatrix();
  const adminRows = await runAdminMatrix();
  const file = path.resolve(process.cwd(), 'docs', 'reliability.md');
  writeReliabilityDoc(file, results, fleetRows, adminRows);
  console.log(`wrote ${file}`);
}

interface FleetReport {
  endpoints?: number;
  inputs?: { files?: Array<{ error: string | null }> };
}

/** One table row per fleet case: the endpoints counted and the inputs refused, or what was not as expected. */
async function runFleetMatrix(): Promise<string[]> {
  const rows: string[] = [];
  try {
    for (const c of [...FLEET_BASE_CASES, ...FLEET_TRUTH_CASES]) {
      const run = await c.run();
      let report: FleetReport | null = null;
      try {
        report = JSON.parse(run.stdout) as FleetReport;
      } catch {
        report = null;
      }
      const problems = report === null ? ['no JSON report'] : c.check(report, run);
      if (run.code !== c.exit) problems.push(`exit ${run.code}, expected ${c.exit}`);
      const refused = (report?.inputs?.files ?? []).map((f) => f.error).filter((e): e is string => e !== null);
      const said = `${report?.endpoints ?? '?'} endpoints${refused.length ? `; inputs refused: ${refused.join(', ')}` : ''}`;
      const outcome = problems.length ? `NOT AS EXPECTED: ${problems.join('; ')}` : said;
      const rss = run.rssKiB ? `${(run.rssKiB / 1024).toFixed(0)} MB` : '-';
      rows.push(`| ${c.id} | ${c.area} | ${cell(c.input)} | ${cell(outcome)} | ${run.code} | ${run.ms} ms, ${rss} |`);
    }
  } finally {
    await cleanUpFleet();
  }
  return rows;
}

/** One table row per admin-machine case: what must hold, or what did not. */
async function runAdminMatrix(): Promise<string[]> {
  const rows: string[] = [];
  try {
    for (const c of ADMIN_CASES) {
      const run = await c.run();
      const problems = c.check(run);
      if (run.code !== c.exit) problems.push(`exit ${run.code}, expected ${c.exit}`);
      const said = run.stderr.trim() ? `as expected; stderr: ${run.stderr.trim().split('\n')[0]}` : 'as expected';
      const outcome = problems.length ? `NOT AS EXPECTED: ${problems.join('; ')}` : said;
      const rss = run.rssKiB ? `${(run.rssKiB / 1024).toFixed(0)} MB` : '-';
      rows.push(`| ${c.id} | ${c.area} | ${cell(c.input)} | ${cell(outcome)} | ${run.code} | ${run.ms} ms, ${rss} |`);
    }
  } finally {
    await cleanUpAdmin();
  }
  return rows;
}
