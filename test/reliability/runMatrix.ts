// Runs matrix cases two at a time and returns each one's run.
import type { CliRun } from '../helpers/cli';
import { cleanUp, type Case } from './cases';

const PARALLEL = 2;

export async function runMatrix(cases: Case[]): Promise<Map<string, CliRun>> {
  const results = new Map<string, CliRun>();
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c.id, await c.run());
    }),
  );
  await cleanUp();
  return results;
}
