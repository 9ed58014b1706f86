// The report that goes into the bundle beside the support tool's zip: the same result as JSON and as text, secrets
// removed and never coloured, so that the TAC case gets the diagnosis the admin saw.
import path from 'node:path';
import type { Language } from '../../contract/options';
import type { Collection } from '../../contract/additions';
import { formatResult } from '../../render/format';
import type { DoctorResult } from '../../contract/result';
import type { Secrets } from '../../contract/types';
import { writeFileAtomic } from '../../state/atomicWrite';

/** Where the reports go, listed in `attach` before the result is built. */
export function reportFiles(collection: Collection): { json: string; text: string } | null {
  if (!collection.outputDir) return null;
  return {
    json: path.join(collection.outputDir, 'tetra-doctor-report.json'),
    text: path.join(collection.outputDir, 'tetra-doctor-report.txt'),
  };
}

export async function writeReports(
  result: DoctorResult,
  files: { json: string; text: string },
  secrets: Secrets,
  lang: Language,
): Promise<void> {
  await writeFileAtomic(files.json, `${formatResult(result, { format: 'json', lang: 'en' }, secrets)}\n`);
  await writeFileAtomic(files.text, `${formatResult(result, { format: 'text', lang, colour: false }, secrets)}\n`);
}
