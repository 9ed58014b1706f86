// Runs matrix cases two at a time and returns each one's run, with the CLI's start-up measured beside them.
import { baselineRun, type CliRun } from '../helpers/cli';
import { cleanUp, type Case } from './cases';

const PARALLEL = 2;

export interface MatrixRuns {
  runs: Map<string, CliRun>;
  /** A failed probe's whole run (start-up, network chunk, output), measured while the cases load the machine: the
   * time bound scales with it, so that load cannot fail a case. */
  baselineMs: number;
}

export async function runMatrix(cases: Case[]): Promise<MatrixRuns> {
  const runs = new Map<string, CliRun>();
  const queue = [...cases];
  const [baseline] = await Promise.all([
    baselineRun(),
    ...Array.from({ length: PARALLEL }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) runs.set(c.id, await c.run());
    }),
  ]);
  await cleanUp();
  return { runs, baselineMs: baseline.ms };
}
