// `tetra-doctor fleet`: reads every input, keeps the latest result per device, and renders the report. Bundled as a
// lazily compiled chunk (build/bundle.mjs), so the CSV and chart code never slow the endpoint commands' start-up.
import { writeFile } from 'node:fs/promises';
import type { ConsoleComputer } from '../console/computers';
import { credentialsFileWarnings, type ConsoleSettings } from '../console/settings';
import { signInSecrets } from '../console/azureSettings';
import { createRedactor } from '../render/redact';
import { FleetAggregator, type FleetReport } from './aggregate';
import { collectGarbage, COLLECT_BEFORE_RENDER_FROM } from './collectGarbage';
import { isGraphPage, readGraphPage } from './graphRunStates';
import { readInputs, type InputFile } from './inputs';

export { missingInput } from './inputs';
import type { FleetArgs } from './options';
import { renderAttentionCsv } from './render/csv';
import { renderFleetHtml } from './render/html';
import { renderFleetJson } from './render/json';
import { renderFleetText } from './render/text';

type GraphModule = typeof import('./graphClient');
type ConsoleModule = typeof import('../console/index');
type ShipModule = typeof import('./ship/index');

/** shipFailed: the report was made, but rows could not all be shipped (--to-log-analytics, --to-splunk-hec). */
const FLEET_EXIT = { ok: 0, usage: 2, noInput: 4, shipFailed: 5 } as const;

export interface FleetOutcome {
  stdout: string;
  /** Problems a person running the command should see even with --format json (never secrets). */
  warnings: string[];
  exitCode: number;
}

export async function runFleet(
  args: FleetArgs,
  loadGraph: () => Promise<GraphModule>,
  loadConsole?: () => Promise<ConsoleModule>,
  loadShip?: () => Promise<ShipModule>,
): Promise<FleetOutcome> {
  // Read and counted in a function of its own: the records and computers it read (58 MB for 100,000 of each) are
  // garbage once the report exists, and the rendering reuses their heap instead of growing it.
  const built = await buildReport(args, loadGraph, loadConsole);
  const { files, aggregator } = built;
  // The secrets a shipping run holds (the HEC token, the Azure secret) leave no trace in the report either, even when
  // an endpoint's result quotes one.
  const report = args.ship?.secrets.length
    ? createRedactor({ proxyPassword: null, others: args.ship.secrets }).value(built.report)
    : built.report;
  const shipped = args.ship && loadShip ? await ship(args.ship, aggregator, loadShip) : null;
  // Collected now, the records' heap holds the rendered text: the peak RSS of a 100,000 x 100,000 join is ~25 MB lower.
  if (report.endpoints + (report.secureEndpoint?.computers ?? 0) >= COLLECT_BEFORE_RENDER_FROM) collectGarbage();
  const warnings = [
    ...credentialsFileWarnings(args.console?.credentials, args.graph?.azure, args.ship?.logAnalytics?.signIn),
    ...files.filter((f) => f.error !== null).map((f) => `${f.path}: ${f.error}`),
  ];
  try {
    if (args.csv) await writeFile(args.csv, renderAttentionCsv(report));
    if (args.html) await writeFile(args.html, renderFleetHtml(report, { lang: args.lang, top: args.top }));
  } catch (err) {
    return {
      stdout: '',
      warnings: [...warnings, `cannot write the report: ${(err as Error).message}`],
      exitCode: FLEET_EXIT.usage,
    };
  }
  const stdout =
    args.format === 'json' ? renderFleetJson(report) : renderFleetText(report, { lang: args.lang, top: args.top });
  // Rows that did not reach where the history is kept are a failure of their own (exit 5), after the report's.
  const reportExit = fleetExitCode(report, files, args.allowPartial);
  return {
    stdout,
    warnings: [...warnings, ...(shipped?.lines ?? [])],
    exitCode: reportExit === FLEET_EXIT.ok && shipped?.failed ? FLEET_EXIT.shipFailed : reportExit,
  };
}

/**
 * Unhealthy endpoints are the report's content, not a failure of the command. Having read nothing is; so is a
 * source asked for by name (--secure-endpoint, --graph) that failed: a report without it would look complete.
 */
function fleetExitCode(report: FleetReport, files: InputFile[], allowPartial: boolean): number {
  if (report.endpoints === 0 && (report.secureEndpoint?.computers ?? 0) === 0) return FLEET_EXIT.noInput;
  const pulledFailed = files.some((f) => (f.format === 'graph' || f.format === 'secure-endpoint') && f.error !== null);
  return pulledFailed && !allowPartial ? FLEET_EXIT.noInput : FLEET_EXIT.ok;
}

/** Ships every kept result (the current and the stale) before the records are let go. */
async function ship(
  args: NonNullable<FleetArgs['ship']>,
  aggregator: FleetAggregator,
  loadShip: () => Promise<ShipModule>,
): Promise<{ lines: string[]; failed: boolean }> {
  const { shipFleet } = await loadShip();
  return shipFleet(args, () => aggregator.joined(), process.env);
}

async function buildReport(
  args: FleetArgs,
  loadGraph: () => Promise<GraphModule>,
  loadConsole?: () => Promise<ConsoleModule>,
): Promise<{ report: FleetReport; files: InputFile[]; aggregator: FleetAggregator }> {
  const aggregator = new FleetAggregator(args.now);
  const files = await readInputs(args.inputs, aggregator);
  // Saved /v1/computers pages given as inputs are the console's view too, as a pull with --secure-endpoint is.
  const saved = aggregator.savedComputers;
  if (args.graph) files.push(await readGraph(args.graph, aggregator, loadGraph));
  const pulled = args.console && loadConsole ? await pullConsole(args.console, loadConsole) : null;
  if (pulled) files.push(pulled.file);
  const consoleView =
    pulled || saved.length
      ? {
          computers: pulled ? [...saved, ...pulled.computers] : saved,
          source: [pulled?.file.path, saved.length ? 'saved /v1/computers pages' : null].filter(Boolean).join(' + '),
          error: pulled?.file.error ?? null,
        }
      : null;
  const report = aggregator.report(files, args.now, { maxResultAgeDays: args.maxResultAgeDays, console: consoleView });
  return { report, files, aggregator };
}

/** The console's computers over the API; computers read before a failure still count, the failure is reported. */
async function pullConsole(
  settings: ConsoleSettings,
  loadConsole: () => Promise<ConsoleModule>,
): Promise<{ file: InputFile; computers: ConsoleComputer[] }> {
  const computers: ConsoleComputer[] = [];
  const label = `secure-endpoint:${settings.baseUrl}`;
  const { SecureEndpointClient, pullComputers } = await loadConsole();
  const client = new SecureEndpointClient(settings);
  let unreadable = 0;
  try {
    await pullComputers(
      client,
      (c) => computers.push(c),
      () => unreadable++,
    );
    return {
      file: { path: label, format: 'secure-endpoint', rows: computers.length + unreadable, error: null },
      computers,
    };
  } catch (err) {
    return {
      file: {
        path: label,
        format: 'secure-endpoint',
        rows: computers.length + unreadable,
        error: `Secure Endpoint API: ${client.scrub((err as Error).message)}`,
      },
      computers,
    };
  } finally {
    await client.close();
  }
}

async function readGraph(
  graph: NonNullable<FleetArgs['graph']>,
  aggregator: FleetAggregator,
  loadGraph: () => Promise<GraphModule>,
): Promise<InputFile> {
  const label = `graph:${'id' in graph.remediation ? graph.remediation.id : graph.remediation.name}`;
  let rows = 0;
  try {
    const { pullRunStates, signInWith } = await loadGraph();
    const settings = {
      signIn: signInWith(graph.azure),
      secrets: signInSecrets(graph.azure),
      graphUrl: graph.graphUrl,
      timeoutMs: graph.timeoutMs,
      maxRetries: 5,
      maxRetryAfterMs: 120_000,
    };
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
