// What --help adds under a command's options: examples a new user can copy, and the exit codes scripts act on.
import { EXIT, plainMeaning, type ExitName } from '../contract/exitCodes';

type Example = [command: string, what: string];

const ENDPOINT_EXAMPLES: Example[] = [
  ['tetra-doctor detect', 'diagnose this endpoint (text on a terminal, JSON otherwise)'],
  ['tetra-doctor detect --format line', 'one line for Intune or an RMM'],
  ['tetra-doctor detect --policy-file policy.xml --region eu', "probe the path the console's policy names"],
  ['tetra-doctor probe --proxy http://proxy.example:8080', 'the network path only, through this proxy'],
  ['tetra-doctor remediate --wait-seconds 600', 'force an update when warranted and watch it take'],
  ['tetra-doctor collect --output C:\\Temp\\tetra', 'escalation bundle for Cisco TAC'],
  ['tetra-doctor fleet exports\\ --html fleet.html', "aggregate many endpoints' results"],
];

const FLEET_EXAMPLES: Example[] = [
  ['tetra-doctor fleet exports\\ results.ndjson', 'text report on stdout'],
  ['tetra-doctor fleet exports\\ --csv tickets.csv --html fleet.html', 'plus tickets and a page with charts'],
  ['tetra-doctor fleet --graph --remediation-name "TETRA doctor"', 'straight from Microsoft Graph'],
  ['tetra-doctor fleet exports\\ --secure-endpoint --region eu', "joined with the console's computers"],
];

const POLICY_EXAMPLES: Example[] = [
  ['tetra-doctor policy --region eu --output policies', "every policy's XML, for detect --policy-file"],
];

const ENDPOINT_EXIT_CODES = (Object.keys(EXIT) as ExitName[]).map((name): [number, string, string] => [
  EXIT[name],
  name,
  plainMeaning(name),
]);

/** fleet and policy run on an admin's machine and have exit codes of their own (docs/fleet.md). */
const FLEET_EXIT_CODES: Array<[number, string, string]> = [
  [0, 'ok', 'the report was made (unhealthy endpoints are its content)'],
  [2, 'usage', 'usage error, a named input that does not exist, or an unwritable --csv/--html file'],
  [4, 'undetermined', 'nothing could be read, or --secure-endpoint/--graph failed (see --allow-partial)'],
];
const POLICY_EXIT_CODES: Array<[number, string, string]> = [
  [0, 'ok', "every policy's XML was saved"],
  [2, 'usage', 'usage error: one line on stderr'],
  [4, 'failed', 'the API failed or a policy could not be saved'],
];

function epilogue(examples: Example[], exitCodes: Array<[number, string, string]>): string {
  return [
    'Examples:',
    ...examples.map(([command, what]) => `  ${command}\n      ${what}`),
    '',
    'Exit codes:',
    ...exitCodes.map(([code, name, meaning]) => `  ${code}  ${name.padEnd(15)} ${meaning}`),
  ].join('\n');
}

export const HELP_EPILOGUE = {
  endpoint: epilogue(ENDPOINT_EXAMPLES, ENDPOINT_EXIT_CODES),
  fleet: epilogue(FLEET_EXAMPLES, FLEET_EXIT_CODES),
  policy: epilogue(POLICY_EXAMPLES, POLICY_EXIT_CODES),
} as const;
