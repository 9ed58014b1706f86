// --format json: the whole report as one JSON object on one line, every endpoint that needs attention included.
import type { FleetReport } from '../aggregate';

export function renderFleetJson(report: FleetReport): string {
  return JSON.stringify(report);
}
