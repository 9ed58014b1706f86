// The endpoint commands from the command line: options in, the diagnosis step and its additions, one result built
// from them, history kept, exit code to contract. remediate and collect run below (remediate/command.ts,
// remediate/collect/command.ts); detect's history is kept here, from the state layer.
import type { ResultAdditions } from '../contract/additions';
import { trapInterruption } from '../remediate/interruption';
import { recordDetectHistory } from '../state/recordHistory';
import { restoreDebugLogging } from '../state/debugLogging';
import { resolveStateDir } from '../state/stateDir';
import type { FindingDraft } from '../contract/findings';
import { runDiagnosisStep, stepResult, type Scope } from '../run/diagnosisStep';
import { checkRanges, type DoctorOptions } from '../contract/options';
import { COLLECT_OPTIONS, REMEDIATE_OPTIONS, type CollectArgs, type RemediateArgs } from './commandOptions';
import { formatResult, writeAndExit } from './emit';
import { requireOutputFolder } from './endpointOptions';

/** A collect killed earlier may have left debug logging on: every command that uses the state folder restores it. */
function withRestored(additions: ResultAdditions, restored: FindingDraft[]): ResultAdditions {
  return restored.length === 0 ? additions : { ...additions, findings: [...(additions.findings ?? []), ...restored] };
}

/** detect keeps the history too, and reads it back for since-when and intermittent problems; probe does not. */
export async function runDiagnoseCommand(command: 'detect' | 'probe', options: DoctorOptions): Promise<void> {
  const scope: Scope = command === 'detect' ? 'endpoint' : 'network';
  const step = await runDiagnosisStep(options, scope);
  const additions =
    command === 'detect'
      ? withRestored(
          await recordDetectHistory(step, resolveStateDir(options.stateDir)),
          await restoreDebugLogging(step.install, resolveStateDir(options.stateDir)),
        )
      : {};
  const result = stepResult(command, step, options.lang, additions);
  writeAndExit(formatResult(result, options, step.secrets), result.exitCode);
}

export async function runRemediateCommand(options: DoctorOptions, args: RemediateArgs): Promise<void> {
  checkRanges(REMEDIATE_OPTIONS, args);
  const stateDir = resolveStateDir(options.stateDir);
  const settings = {
    force: args.force,
    waitMs: args['wait-seconds'] * 1000,
    pollMs: args['poll-seconds'] * 1000,
    cooldownMinutes: args['cooldown-minutes'],
    stateDir,
  };
  // Loaded only when it runs: detect, run every hour, compiles neither.
  const { runRemediate } = await import('../remediate/command');
  const { result, secrets } = await runRemediate(options, settings, trapInterruption());
  writeAndExit(formatResult(result, options, secrets), result.exitCode);
}

export async function runCollectCommand(options: DoctorOptions, args: CollectArgs): Promise<void> {
  checkRanges(COLLECT_OPTIONS, args);
  if (args.output !== undefined) await requireOutputFolder('--output', args.output);
  const stateDir = resolveStateDir(options.stateDir);
  const settings = {
    durationSeconds: args.duration ?? null,
    outputDir: args.output ?? null,
    capture: args.capture,
    stateDir,
    supportTimeoutMs: args['support-timeout-seconds'] * 1000,
  };
  const { runCollect } = await import('../remediate/collect/command');
  const { result, secrets } = await runCollect(options, settings, trapInterruption());
  writeAndExit(formatResult(result, options, secrets), result.exitCode);
}
