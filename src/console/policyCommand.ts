// `tetra-doctor policy`: lists the organization's policies, saves each one's XML to a folder, and prints per policy
// what decides TETRA updates. A saved file is what `detect --policy-file` reads on the endpoints of that policy.
import path from 'node:path';
import { TOOL_VERSION } from '../render/version';
import { ConsoleApiError, SecureEndpointClient } from './client';
import type { PolicyArgs } from './options';
import { listPolicies, listV3Policies, policyXml, v3Organization, type ConsolePolicy } from './policies';
import { onOff, summarizePolicyXml, type PolicySummary } from './policySummary';
import { toPrintable } from './printable';
import { writeOwnerOnlyFile } from './savedFile';
import { credentialsFileWarnings, exchangesToken, type ConsoleCredentials } from './settings';

const POLICY_EXIT = { ok: 0, usage: 2, failed: 4 } as const;

interface PolicyEntry {
  guid: string;
  name: string;
  product: string | null;
  serialNumber: number | null;
  file: string | null;
  summary: PolicySummary | null;
  error: string | null;
}

interface PolicyReport {
  schemaVersion: 1;
  tool: { name: 'tetra-doctor'; version: string };
  command: 'policy';
  generatedAt: string;
  console: string;
  folder: string;
  via: 'v1' | 'v3';
  policies: PolicyEntry[];
  error: string | null;
}

/** Saves into `args.out`, which the command line made (0700) before any API call: one that cannot be made is a
 * usage error (src/cli/dispatch.ts). */
export async function runPolicy(
  args: PolicyArgs,
  now: Date = args.now,
): Promise<{ stdout: string; warnings: string[]; exitCode: number }> {
  const client = new SecureEndpointClient(args.settings);
  const report: PolicyReport = {
    schemaVersion: 1,
    tool: { name: 'tetra-doctor', version: TOOL_VERSION },
    command: 'policy',
    generatedAt: now.toISOString(),
    console: args.settings.baseUrl,
    folder: args.out,
    via: args.settings.credentials.bearerToken || exchangesToken(args.settings.credentials) ? 'v3' : 'v1',
    policies: [],
    error: null,
  };
  try {
    // v1 lists when there is a v1 key (as before); with v3 credentials alone the list comes over v3 too.
    const v1List = hasV1(args.settings.credentials) ? await listPolicies(client, args.product) : null;
    const org = report.via === 'v3' || v1List === null ? await v3Organization(client, args.organization) : null;
    // Without a v1 list the organization was read above: the empty list is never taken.
    const policies = v1List ?? (org === null ? [] : await listV3Policies(client, org, args.product));
    // File names are compared as Windows compares them (case-insensitively): two policies never share one file.
    const taken = new Set<string>();
    for (const policy of policies) report.policies.push(await savePolicy(client, policy, org, args.out, taken));
  } catch (err) {
    report.error = client.scrub(err instanceof ConsoleApiError ? err.message : `${(err as Error).message}`);
  } finally {
    await client.close();
  }
  const failed = report.error !== null || report.policies.some((p) => p.error !== null);
  const warnings = [
    ...credentialsFileWarnings(args.settings.credentials),
    ...(report.error ? [report.error] : []),
    ...report.policies.filter((p) => p.error).map((p) => `${p.name}: ${p.error}`),
  ];
  return {
    stdout: args.format === 'json' ? JSON.stringify(report) : renderPolicyText(report),
    warnings,
    exitCode: failed ? POLICY_EXIT.failed : POLICY_EXIT.ok,
  };
}

async function savePolicy(
  client: SecureEndpointClient,
  policy: ConsolePolicy,
  org: string | null,
  folder: string,
  taken: Set<string>,
): Promise<PolicyEntry> {
  const entry: PolicyEntry = {
    guid: policy.guid,
    name: printable(policy.name),
    product: policy.product,
    serialNumber: policy.serialNumber,
    file: null,
    summary: null,
    error: null,
  };
  try {
    const xml = await policyXml(client, policy.guid, org);
    const read = summarizePolicyXml(xml);
    // Saved even when this build cannot read every value: it is the connector's file, byte for byte. It holds the
    // proxy password as the endpoint's own policy.xml does, so it is readable by its owner only (savedFile.ts).
    const name = fileNameFor(policy);
    if (taken.has(name.toLowerCase()))
      throw new Error(`its file name ${name} differs only in case from another policy's: not saved`);
    taken.add(name.toLowerCase());
    const file = path.join(folder, name);
    await writeOwnerOnlyFile(file, xml);
    entry.file = file;
    if (read.ok) entry.summary = read.summary;
    else entry.error = read.error;
  } catch (err) {
    entry.error = client.scrub((err as Error).message);
  }
  return entry;
}

function hasV1(credentials: ConsoleCredentials): boolean {
  return credentials.clientId !== null && credentials.apiKey !== null;
}

/** A name a file system accepts everywhere, with the GUID so two policies of one name never collide. */
function fileNameFor(policy: { name: string; guid: string }): string {
  const name =
    policy.name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+|_+$/g, '')
      .slice(0, 60) || 'policy';
  return `${name}-${policy.guid}.xml`;
}

function renderPolicyText(report: PolicyReport): string {
  const lines = [
    `Secure Endpoint policies from ${report.console} (policy XML via ${report.via}), saved to ${report.folder}`,
  ];
  if (report.error) lines.push(`ERROR: ${report.error}`);
  if (report.policies.length === 0 && !report.error) lines.push('no policies');
  for (const p of report.policies) {
    lines.push(
      '',
      `${p.name} (${p.guid}${p.serialNumber !== null ? `, serial ${p.serialNumber}` : ''})${p.file ? ` -> ${p.file}` : ''}`,
    );
    if (p.error) lines.push(`  ERROR: ${p.error}`);
    const s = p.summary;
    if (!s) continue;
    lines.push(
      `  TETRA ${onOff(s.tetraEnabled)}, updater ${onOff(s.updaterEnabled)}, update server ${s.updateServer ?? '(default)'}, interval ${s.updateIntervalSeconds !== null ? `${s.updateIntervalSeconds} s` : 'unknown'}`,
    );
    if (s.proxy) {
      lines.push(
        `  proxy ${s.proxy.host}:${s.proxy.port ?? '-'}, type ${s.proxy.type ?? '-'}, auth type ${s.proxy.authType ?? '-'}, user ${s.proxy.username ?? '-'}, password ${s.proxy.hasPassword ? 'set (not shown)' : 'none'}, PAC ${s.pacUrl ?? '-'}${s.proxy.interpretedByDetect ? '' : '; detect cannot interpret these settings (docs/proxies.md) and probes no proxy: give its endpoints --proxy'}`,
      );
    } else lines.push(`  proxy none${s.pacUrl ? `, PAC ${s.pacUrl}` : ''}`);
  }
  return lines.join('\n');
}

const printable = toPrintable;
