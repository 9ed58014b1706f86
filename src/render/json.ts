// --format json: exactly one JSON object on one line.
import type { DoctorResult } from '../contract/result';

export function renderJson(result: DoctorResult): string {
  return JSON.stringify(result);
}
