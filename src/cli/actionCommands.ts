// remediate and collect from the command line: options in, one result out, history kept, exit code to contract.
import { collect } from '../remediate/collect/collect';
import { writeReports } from '../remediate/collect/report';
import { trapInterruption } from '../remediate/interruption';
import { recordDetectHistory, recordRemediateHistory } from '../remediate/recordHistory';
import { remediate } from '../remediate/remediate';
import { resolveStateDir } from '../remediate/state/stateDir';
import type { DoctorOptions } from '../options';
import type { DoctorResult } from '../render/result';
import { checkCollectArgs, checkRemediateArgs, type RawCollectArgs, type RawRemediateArgs } from './commandOptions';
import { formatResult, writeAndExit } from './emit';

export async function runRemediateCommand(options: DoctorOptions, args: RawRemediateArgs): Promise<void> {
  checkRemediateArgs(args);
  const stateDir = resolveStateDir(options.stateDir);
  const settings = { force: args.force, waitMs: args.waitSeconds * 1000, pollMs: args.pollSeconds * 1000, cooldownMinutes: args.cooldownMinutes, stateDir };
  const { result, secrets } = await remediate(options, settings, trapInterruption());
  const remediation = result.remediation as { outcome: string };
  await recordRemediateHistory(result, stateDir, remediation.outcome);
  writeAndExit(formatResult(result, options, secrets), result.exitCode);
}

export async function runCollectCommand(options: DoctorOptions, args: RawCollectArgs): Promise<void> {
  checkCollectArgs(args);
  const stateDir = resolveStateDir(options.stateDir);
  const settings = { durationSeconds: args.duration ?? null, outputDir: args.output ?? null, capture: args.capture, stateDir, supportTimeoutMs: args.supportTimeoutSeconds * 1000 };
  const { result, secrets } = await collect(options, settings, trapInterruption());
  await writeReports(result, secrets, options.lang).catch((err: Error) => {
    result.reportError = `the report could not be written into the bundle: ${err.message}`;
  });
  writeAndExit(formatResult(result, options, secrets), result.exitCode);
}

/** detect keeps the history too, and reads it back for since-when and intermittent problems. */
export async function withDetectHistory(result: DoctorResult, options: DoctorOptions): Promise<void> {
  await recordDetectHistory(result, resolveStateDir(options.stateDir));
}
