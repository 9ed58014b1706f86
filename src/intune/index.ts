// `tetra-doctor intune deploy`, compiled only when it runs: signs in, runs the deploy's steps with progress on
// stderr, and returns the one JSON object for stdout (ids, what was created, updated or left as it was; on failure the
// step and what already exists). Every line and the object pass through the redactor: no secret, token or SAS
// signature reaches any output.
import { azureSecrets } from '../console/azureSettings';
import { credentialsFileWarnings } from '../console/settings';
import { createRedactor } from '../render/redact';
import { GraphClient, signInWith } from '../fleet/graphClient';
import { deploy, Deployment } from './deploy';
import type { DeployArgs } from './options';

const DEPLOY_EXIT = { ok: 0, usage: 2, failed: 4 } as const;

export async function runIntuneDeploy(
  args: DeployArgs,
  writeStderr: (line: string) => void,
): Promise<{ stdout: string; exitCode: number }> {
  const secrets = new Set<string>(azureSecrets(args.azure));
  const redact = (text: string) => createRedactor({ proxyPassword: null, others: [...secrets] }).text(text);
  const progress = (text: string) => writeStderr(`tetra-doctor intune deploy: ${redact(text)}\n`);
  const graph = new GraphClient({
    signIn: signInWith(args.azure),
    graphUrl: args.graphUrl,
    timeoutMs: args.timeoutMs,
    maxRetries: 5,
    maxRetryAfterMs: 120_000,
    keepSecret: (token) => secrets.add(token),
    secrets,
  });
  for (const warning of credentialsFileWarnings(args.azure)) progress(`warning: ${warning}`);
  const run = new Deployment(args, graph, progress, secrets);
  let exitCode: number = DEPLOY_EXIT.ok;
  try {
    await deploy(run);
    progress(summary(run));
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    run.report.error = { step: run.step, message, existing: run.existingList() };
    progress(
      `FAILED at step "${run.step}": ${message}. ${
        run.existingList().length
          ? `Already in Intune: ${run.existingList().join('; ')}.`
          : 'Nothing was made in Intune yet.'
      } Run the same command again to resume.`,
    );
    exitCode = DEPLOY_EXIT.failed;
  } finally {
    await graph.close();
    await run.dispatcher.close();
  }
  const report = createRedactor({ proxyPassword: null, others: [...secrets] }).value(run.report);
  return { stdout: JSON.stringify(report, null, 2), exitCode };
}

function summary(run: Deployment): string {
  const { report } = run;
  if (report.dryRun) return `dry run: ${report.plan.length ? `would ${report.plan.join('; ')}` : 'nothing to change'}`;
  const parts = [
    report.created.length ? `created ${report.created.join(', ')}` : '',
    report.updated.length ? `updated ${report.updated.join(', ')}` : '',
  ].filter(Boolean);
  return `done: ${parts.length ? parts.join('; ') : 'nothing to change, Intune already holds this release'}`;
}
