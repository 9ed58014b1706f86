// What the history says about this endpoint: since when it has been unhealthy, and whether it keeps flapping
// (the gap between the console's "Last Seen" and "Definitions Last Updated", seen from the endpoint itself).
import type { HistoryReport, HistoryUnavailable } from '../contract/additions';
import type { HistoryEntry } from './history';

/** How many of the most recent runs (the current one included) the intermittent check looks at. */
const RECENT_RUNS = 10;
const INTERMITTENT_THRESHOLD = 2;

export type { HistoryReport, HistoryUnavailable };

export function analyzeHistory(entries: HistoryEntry[], current: HistoryEntry): HistoryReport {
  const runs = [...entries.filter((e) => e.installDir === current.installDir), current];
  const recent = runs.slice(-RECENT_RUNS);
  const unhealthy = recent.filter((e) => e.status === 'unhealthy');
  return {
    available: true,
    unhealthySince: current.status === 'unhealthy' ? streakStart(runs) : null,
    recentRuns: recent.length,
    unhealthyRecent: unhealthy.length,
    intermittent: current.status === 'healthy' && unhealthy.length >= INTERMITTENT_THRESHOLD,
    lastUnhealthyAt: [...runs].reverse().find((e) => e.status === 'unhealthy')?.at ?? null,
  };
}

/** Walks back over unhealthy runs; an undetermined run neither ends the stretch nor starts it. */
function streakStart(runs: HistoryEntry[]): string | null {
  let since: string | null = null;
  for (let i = runs.length - 1; i >= 0; i--) {
    const { status, at } = runs[i];
    if (status === 'unhealthy') since = at;
    else if (status !== 'undetermined') break;
  }
  return since;
}
