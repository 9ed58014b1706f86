// The report that goes into the bundle beside the support tool's zip: the same result as JSON and as text, secrets
// removed, so that the TAC case gets the diagnosis the admin saw.
import path from 'node:path';
import { formatResult } from '../../cli/emit';
import type { Language } from '../../options';
import type { DoctorResult } from '../../render/result';
import type { Secrets } from '../../types';
import { writeFileAtomic } from '../state/atomicWrite';
import type { Collection } from './collect';

export async function writeReports(result: DoctorResult, secrets: Secrets, lang: Language): Promise<void> {
  const collection = result.collection as Collection | undefined;
  if (!collection?.outputDir) return;
  const json = path.join(collection.outputDir, 'tetra-doctor-report.json');
  const text = path.join(collection.outputDir, 'tetra-doctor-report.txt');
  collection.attach.push(json, text);
  await writeFileAtomic(json, `${formatResult(result, { format: 'json', lang: 'en' }, secrets)}\n`);
  await writeFileAtomic(text, `${formatResult(result, { format: 'text', lang }, secrets)}\n`);
}
