// The remediate command's whole run below the command line: the remediation, its history entry, and the result
// built from both. The CLI parses the options, calls this and prints what it returns (as collect/command.ts for
// collect).
import type { DoctorOptions } from '../contract/options';
import type { CommandRun } from '../contract/result';
import { stepResult } from '../run/diagnosisStep';
import { recordRemediateHistory } from '../state/recordHistory';
import type { Interruption } from './interruption';
import { remediate, type RemediateSettings } from './remediate';

export async function runRemediate(
  options: DoctorOptions,
  settings: RemediateSettings,
  interruption: Interruption,
): Promise<CommandRun> {
  const { step, additions } = await remediate(options, settings, interruption);
  const recorded = await recordRemediateHistory(step, additions, settings.stateDir);
  return { result: stepResult('remediate', step, options.lang, recorded), secrets: step.secrets };
}
