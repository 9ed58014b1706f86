// The collect command's whole run below the command line: the bundle collected, its result built, and the reports
// written into the bundle. The CLI parses the options, calls this and prints what it returns.
import type { ResultAdditions } from '../../contract/additions';
import type { DoctorOptions } from '../../contract/options';
import type { CommandRun } from '../../contract/result';
import { stepResult } from '../../run/diagnosisStep';
import type { Interruption } from '../interruption';
import { collect, type CollectSettings } from './collect';
import { reportFiles, writeReports } from './report';

export async function runCollect(
  options: DoctorOptions,
  settings: CollectSettings,
  interruption: Interruption,
): Promise<CommandRun> {
  const { step, additions } = await collect(options, settings, interruption);
  const build = (chosen: ResultAdditions) => stepResult('collect', step, options.lang, chosen);
  const files = additions.collection ? reportFiles(additions.collection) : null;
  if (!files || !additions.collection) return { result: build(additions), secrets: step.secrets };
  // The reports are listed among what to attach before the result is built, so that they list themselves.
  const collection = { ...additions.collection, attach: [...additions.collection.attach, files.json, files.text] };
  const withReports: ResultAdditions = { ...additions, collection };
  const result = build(withReports);
  try {
    await writeReports(result, files, step.secrets, options.lang);
    return { result, secrets: step.secrets };
  } catch (err) {
    const reportError = `the report could not be written into the bundle: ${(err as Error).message}`;
    return { result: build({ ...withReports, reportError }), secrets: step.secrets };
  }
}
