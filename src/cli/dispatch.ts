// tetra-doctor's commands: parses arguments, runs the command, and keeps stdout/stderr/exit codes to contract.
import { EXIT } from '../contract/exitCodes';
import { defaultOptions, UsageError, type DoctorOptions, type OptionTable } from '../contract/options';
import { TOOL_VERSION } from '../render/version';
import { formatResult, proxyArgument, writeAndExit } from './emit';
import { runCollectCommand, runDiagnoseCommand, runRemediateCommand } from './actionCommands';
import { COMMAND_OPTIONS, type EndpointCommand } from './commandTables';
import { rejectRepeatedOptions, toDoctorOptions, type EndpointArgs } from './endpointOptions';
import { knownSecrets, withoutKnownSecrets } from './knownSecrets';
import { applySettings, optionsGiven, readSettings } from './settingsFile';
import { forTerminal } from '../system/terminalText';
import { makeFolder } from '../system/makeFolder';
import { HELP_EPILOGUE } from './helpText';
import { rejectMissingValues } from './missingValues';
import { quickParse } from './quickParse';
import { unknownCommand } from './suggest';
import { internalErrorResult } from '../run/diagnosisStep';
import { toFleetArgs } from '../fleet/options';
import { toPolicyArgs } from '../console/options';
import { toDeployArgs } from '../intune/options';

/**
 * A known endpoint command gets a parser of its own, without yargs' command layer: that layer renders and caches the
 * whole help text before every run, which costs more than the rest of `detect --offline`. A plain, valid command
 * line does not load yargs at all (quickParse.ts).
 */
async function runEndpointCommand(command: EndpointCommand, argv: string[]): Promise<void> {
  if (command === 'remediate') {
    const args = await endpointArgs(command, argv, COMMAND_OPTIONS.remediate);
    return runRemediateCommand(await endpointOptions(args, argv), args);
  }
  if (command === 'collect') {
    const args = await endpointArgs(command, argv, COMMAND_OPTIONS.collect);
    return runCollectCommand(await endpointOptions(args, argv), args);
  }
  const options = await endpointOptions(await endpointArgs(command, argv, COMMAND_OPTIONS[command]), argv);
  if (command === 'probe' && options.offline) throw new UsageError('probe checks the network; it cannot run --offline');
  return runDiagnoseCommand(command, options);
}

async function endpointArgs<T extends OptionTable>(command: EndpointCommand, argv: string[], table: T) {
  const quick = quickParse(argv, table);
  if (quick !== null) return quick;
  const parser = await baseParser(argv, `tetra-doctor ${command}`);
  return parser.usage(`$0 [options]\n\n${COMMANDS[command]}`).options(table).parseAsync();
}

/** The endpoint options of a parsed command line, beneath which the settings file lies. */
async function endpointOptions(
  parsed: EndpointArgs & { _: Array<string | number>; [name: string]: unknown },
  argv: string[],
): Promise<DoctorOptions> {
  if (parsed._.length > 0) usageError(`unexpected argument: ${parsed._[0]}`);
  rejectRepeatedOptions(parsed);
  // The settings file lies beneath the command line: one merge step, after parsing, before the options are checked.
  const { args, report } = applySettings(parsed, optionsGiven(argv), await readSettings(parsed.settings));
  return { ...(await toDoctorOptions(args, process.stdout.isTTY === true)), settings: report };
}

function usageError(message: string): never {
  // The one case where stderr is written: the command line itself is wrong.
  // The message may quote what was typed (a path, a URL): neutralized like any outside text bound for a terminal.
  // yargs puts the detail of some errors ("Invalid values:") on the lines after the first: one line keeps them all.
  const oneLine = message
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  // It may also quote a value of the settings file, beside the proxy password that file holds.
  process.stderr.write(`tetra-doctor: ${forTerminal(withoutKnownSecrets(oneLine))} (see tetra-doctor --help)\n`);
  process.exit(EXIT.usage);
}

const COMMANDS = {
  detect: 'diagnose this endpoint',
  probe: 'network path only (DNS, TCP, TLS, revocation, HTTP, proxy)',
  remediate: 'detect; force an update when warranted; wait; verify',
  collect: 'escalation bundle (debug logging for one interval, support bundle, capture)',
} as const satisfies Record<EndpointCommand, string>;
const ENDPOINT_COMMANDS = Object.keys(COMMANDS).filter(isEndpointCommand);

function isEndpointCommand(name: string | undefined): name is EndpointCommand {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
const FLEET_DESCRIPTION =
  "aggregate many endpoints' results (Intune export CSV, Graph pages, JSON/NDJSON, folders, --graph)";

/** fleet runs on an admin's machine, not an endpoint: its own options, and its code compiled only when it runs. */
async function runFleetCommand(argv: string[]): Promise<void> {
  // Inputs are positional, so only unknown options are errors here.
  const parser = await baseParser(argv, 'tetra-doctor fleet', 'fleet');
  const raw = await parser
    .strict(false)
    .strictOptions()
    .usage(`$0 <file-or-folder>... [options]\n\n${FLEET_DESCRIPTION}`)
    .options(COMMAND_OPTIONS.fleet)
    .parseAsync();
  let args;
  try {
    rejectRepeatedOptions(raw);
    args = toFleetArgs(raw, process.env);
  } catch (err) {
    usageError((err as Error).message);
  }
  const { runFleet, missingInput } = await import('../fleet/index');
  const missing = await missingInput(args.inputs);
  if (missing !== null) usageError(`${missing} does not exist`);
  const outcome = await runFleet(
    args,
    () => import('../fleet/graphClient'),
    () => import('../console/index'),
    () => import('../fleet/ship/index'),
  );
  for (const warning of outcome.warnings) process.stderr.write(`tetra-doctor fleet: ${forTerminal(warning)}\n`);
  writeAndExit(outcome.stdout, outcome.exitCode);
}

const POLICY_DESCRIPTION =
  "admin machine: save every Secure Endpoint policy's XML (for detect --policy-file) and show its TETRA and proxy settings";

/** policy runs on an admin's machine and talks to the Secure Endpoint API; credentials come from the environment. */
async function runPolicyCommand(argv: string[]): Promise<void> {
  const parser = await baseParser(argv, 'tetra-doctor policy', 'policy');
  const raw = await parser.usage(`$0 [options]\n\n${POLICY_DESCRIPTION}`).options(COMMAND_OPTIONS.policy).parseAsync();
  if (raw._.length > 0) usageError(`unexpected argument: ${raw._[0]}`);
  let args;
  try {
    rejectRepeatedOptions(raw);
    args = toPolicyArgs(raw, process.env);
  } catch (err) {
    usageError((err as Error).message);
  }
  // Made now, owner-only (it will hold proxy passwords), bounded: a folder that cannot be made is one usage line.
  try {
    await makeFolder(args.out, 0o700);
  } catch (err) {
    usageError(`--output: ${(err as Error).message}`);
  }
  const { runPolicy } = await import('../console/index');
  const outcome = await runPolicy(args);
  for (const warning of outcome.warnings) process.stderr.write(`tetra-doctor policy: ${forTerminal(warning)}\n`);
  writeAndExit(outcome.stdout, outcome.exitCode);
}

const INTUNE_DEPLOY_DESCRIPTION =
  'admin machine: create or update the Win32 app and the Remediation of a release in Intune, through Microsoft Graph';

/** intune deploy runs on an admin's machine (or Azure Automation); the sign-in comes from the environment. */
async function runIntuneCommand(argv: string[]): Promise<void> {
  if (argv[0] !== 'deploy') usageError('name an intune command: deploy');
  const parser = await baseParser(argv.slice(1), 'tetra-doctor intune deploy');
  const raw = await parser
    .usage(`$0 --release DIR --group-id ID [options]\n\n${INTUNE_DEPLOY_DESCRIPTION}`)
    .options(COMMAND_OPTIONS['intune deploy'])
    .parseAsync();
  let args;
  try {
    rejectRepeatedOptions(raw);
    args = toDeployArgs(raw, process.env);
  } catch (err) {
    usageError((err as Error).message);
  }
  const { runIntuneDeploy } = await import('../intune/index');
  const outcome = await runIntuneDeploy(args, (text) => process.stderr.write(text));
  writeAndExit(outcome.stdout, outcome.exitCode);
}

/** yargs, loaded only for a command line that needs it: --help, a usage error, or a command other than detect,
 * probe, remediate and collect. */
async function baseParser(argv: string[], scriptName: string, help: keyof typeof HELP_EPILOGUE = 'endpoint') {
  const { default: yargs } = await import('yargs');
  const parser = yargs(argv)
    .scriptName(scriptName)
    .strict()
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .epilogue(HELP_EPILOGUE[help])
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, err) => {
      if (err && !(err instanceof UsageError)) throw err;
      usageError(err?.message ?? message);
    });
  // Before yargs validates: "--format --offline" is a missing value, not an invalid choice named `true`.
  return parser.middleware(() => rejectMissingValues(argv, parser.getOptions()), true);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0];
  if (command === 'fleet') return runFleetCommand(argv.slice(1));
  if (command === 'policy') return runPolicyCommand(argv.slice(1));
  if (command === 'intune') return runIntuneCommand(argv.slice(1));
  if (isEndpointCommand(command)) return runEndpointCommand(command, argv.slice(1));
  const commands = [...Object.keys(COMMANDS), 'fleet', 'policy', 'intune deploy'];
  if (command !== undefined && !command.startsWith('-'))
    throw new UsageError(
      unknownCommand(
        command,
        commands.map((name) => name.split(' ')[0]),
      ),
    );
  // Anything else is help, --version, or a usage error, listed by the full command parser.
  let parser = (await baseParser(argv, 'tetra-doctor')).usage('$0 <command> [options]');
  for (const name of ENDPOINT_COMMANDS)
    parser = parser.command(name, COMMANDS[name], (y) => y.options(COMMAND_OPTIONS[name]));
  parser = parser.command('fleet <file-or-folder..>', FLEET_DESCRIPTION, (y) => y.options(COMMAND_OPTIONS.fleet));
  parser = parser.command('policy', POLICY_DESCRIPTION, (y) => y.options(COMMAND_OPTIONS.policy));
  parser = parser.command('intune deploy', INTUNE_DEPLOY_DESCRIPTION, (y) =>
    y.options(COMMAND_OPTIONS['intune deploy']),
  );
  await parser.demandCommand(1, `name a command: ${commands.join(', ')}`).parseAsync();
}

/** Runs a command line; whatever escapes still ends in the complete result shape, exit 4. */
export function run(argv: string[]): Promise<void> {
  return main(argv).catch((err: unknown) => {
    if (err instanceof UsageError) usageError(err.message);
    const options = defaultOptions();
    const format = argv.includes('line') ? 'line' : 'json';
    writeAndExit(
      formatResult(
        internalErrorResult(argv[0] ?? 'unknown', options, err),
        { format, lang: 'en', proxy: proxyArgument(argv) },
        // The settings file's proxy password, read before the error: an error's message may quote it.
        knownSecrets(),
      ),
      EXIT.undetermined,
    );
  });
}
