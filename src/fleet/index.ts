// `tetra-doctor fleet`: reads every input, keeps the latest result per device, and renders the report. Bundled as a
// lazily compiled chunk (build/bundle.mjs), so the CSV and chart code never slow the endpoint commands' start-up.
import { writeFile } from 'node:fs/promises';
import { FleetAggregator } from './aggregate';
import { isGraphPage, readGraphPage } from './graphRunStates';
import { readInputs, type InputFile } from './inputs';
import type { FleetArgs } from './options';
import { renderAttentionCsv } from './render/csv';
import { renderFleetHtml } from './render/html';
import { renderFleetJson } from './render/json';
import { renderFleetText } from './render/text';

type GraphModule = typeof import('./graphClient');

export const FLEET_EXIT = { ok: 0, usage: 2, noInput: 4 } as const;

export interface FleetOutcome {
  stdout: string;
  /** Problems a person running the command should see even with --format json (never secrets). */
  warnings: string[];
  exitCode: number;
}

export async function runFleet(args: FleetArgs, loadGraph: () => Promise<GraphModule>): Promise<FleetOutcome> {
  const aggregator = new FleetAggregator();
  const files = await readInputs(args.inputs, aggregator);
  if (args.graph) files.push(await readGraph(args.graph, aggregator, loadGraph));
  const report = aggregator.report(files, args.now);
  const warnings = files.filter((f) => f.error !== null).map((f) => `${f.path}: ${f.error}`);
  try {
    if (args.csv) await writeFile(args.csv, renderAttentionCsv(report));
    if (args.html) await writeFile(args.html, renderFleetHtml(report, { lang: args.lang, top: args.top }));
  } catch (err) {
    return { stdout: '', warnings: [...warnings, `cannot write the report: ${(err as Error).message}`], exitCode: FLEET_EXIT.usage };
  }
  const stdout = args.format === 'json' ? renderFleetJson(report) : renderFleetText(report, { lang: args.lang, top: args.top });
  // Unhealthy endpoints are the report's content, not a failure of the command; only having read nothing is.
  return { stdout, warnings, exitCode: report.endpoints > 0 ? FLEET_EXIT.ok : FLEET_EXIT.noInput };
}

async function readGraph(graph: NonNullable<FleetArgs['graph']>, aggregator: FleetAggregator, loadGraph: () => Promise<GraphModule>): Promise<InputFile> {
  const label = `graph:${graph.remediation.id ?? graph.remediation.name}`;
  let rows = 0;
  try {
    const { pullRunStates } = await loadGraph();
    const settings = { ...graph.credentials, graphUrl: graph.graphUrl, loginUrl: graph.loginUrl, timeoutMs: graph.timeoutMs, maxRetries: 5, maxRetryAfterMs: 120_000 };
    await pullRunStates(settings, graph.remediation, (page, where) => {
      if (isGraphPage(page)) rows += readGraphPage(page, where, aggregator);
      else aggregator.unreadable(where, 'Graph page without a value array');
    });
    return { path: label, format: 'graph', rows, error: null };
  } catch (err) {
    // Pages read before the failure still count; the failure is reported with the input.
    return { path: label, format: 'graph', rows, error: `Graph: ${(err as Error).message}` };
  }
}
