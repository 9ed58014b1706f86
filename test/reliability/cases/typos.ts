// Class 11, no silent defaults: whatever a user typed wrong is a usage error (exit 2, one line on stderr), never a
// run with a default nobody asked for, and never "not applicable", which Intune reports as compliant. An option
// without its value; an install folder, state folder, output folder or fleet input named on purpose that is not
// there or cannot be made (at once: no spinning); a script parameter that does not exist.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { INTUNE_DIR, RMM_DIR } from '../../helpers/pwsh';
import { json } from '../../helpers/fleetData';
import { makeEndpoint, run, runScript, tempDir, cleanup, type Case, type Check } from '../kit';

let id = 0;
const next = () => `U${String(++id).padStart(2, '0')}`;

const says = (pattern: RegExp): Check => ({
  name: `says ${pattern.source}`,
  check: (r) => (pattern.test(r.stderr + r.stdout) ? null : JSON.stringify((r.stderr + r.stdout).slice(0, 300))),
});

/** A usage error for `args`, whose one line says `pattern`. */
function usage(input: string, args: () => string[], pattern: RegExp): Case {
  return {
    id: next(),
    area: 'typos',
    input,
    exit: 2,
    codes: [],
    run: () => run(args(), { timeoutMs: 25_000 }),
    checks: [says(pattern)],
  };
}

const endpointRoot = () => {
  const e = makeEndpoint();
  cleanup.push(e.remove);
  return e.root;
};

const aFile = () => {
  const file = path.join(tempDir('tetra-typo-'), 'a-file');
  writeFileSync(file, 'x');
  return file;
};

function scriptTypo(input: string, file: string, args: string[], exit: number, pattern: RegExp): Case {
  return {
    id: next(),
    area: 'typos',
    input,
    exit,
    codes: null,
    output: 'text',
    // The fake executable is never reached: the typo stops the script first.
    run: () => runScript(file, args, { ProgramW6432: '/nonexistent/pf64' }),
    checks: [says(pattern)],
  };
}

export const TYPOS: Case[] = [
  usage(
    '--amp-dir without its value, before --format line',
    () => ['detect', '--amp-dir', '--format', 'line', '--offline'],
    /--amp-dir needs a value/,
  ),
  usage(
    '--max-age-hours last, without its value',
    () => ['detect', '--offline', '--format', 'line', '--max-age-hours'],
    /--max-age-hours needs a value/,
  ),
  usage(
    '--format without its value, before another option',
    () => ['detect', '--offline', '--format', '--lang', 'en'],
    /--format needs a value/,
  ),
  usage(
    '--state-dir without its value',
    () => ['detect', '--offline', '--state-dir', '--format', 'json'],
    /--state-dir needs a value/,
  ),
  usage(
    '--proxy= with an empty value (probe)',
    () => ['probe', '--proxy=', '--timeout-ms', '2000'],
    /--proxy needs a value/,
  ),
  usage(
    '--amp-dir naming a folder that does not exist (detect)',
    () => ['detect', '--amp-dir', '/nonexistent/C/typo', '--offline', '--format', 'line'],
    /--amp-dir: \/nonexistent\/C\/typo does not exist/,
  ),
  usage(
    '--amp-dir naming a file, not a folder',
    () => ['detect', '--amp-dir', aFile(), '--offline', '--format', 'json'],
    /--amp-dir: .* is not a folder/,
  ),
  usage(
    '--amp-dir naming a folder that does not exist (remediate)',
    () => ['remediate', '--amp-dir', '/nonexistent/amp', '--offline', '--format', 'json'],
    /--amp-dir: .* does not exist/,
  ),
  usage(
    '--state-dir under /proc, which can never be created',
    () => [
      'detect',
      '--amp-dir',
      endpointRoot(),
      '--offline',
      '--format',
      'json',
      '--state-dir',
      '/proc/tetra-doctor/state',
    ],
    /--state-dir: cannot create/,
  ),
  usage(
    '--state-dir under a file',
    () => [
      'detect',
      '--amp-dir',
      endpointRoot(),
      '--offline',
      '--format',
      'json',
      '--state-dir',
      path.join(aFile(), 'state'),
    ],
    /--state-dir: cannot use .*ENOTDIR/,
  ),
  usage(
    'collect --output under /proc, which can never be created',
    () => [
      'collect',
      '--amp-dir',
      endpointRoot(),
      '--offline',
      '--format',
      'json',
      '--output',
      '/proc/tetra-doctor/bundle',
    ],
    /--output: cannot create/,
  ),
  usage(
    'fleet on an input file that does not exist',
    () => ['fleet', '/nonexistent/results.ndjson', '--format', 'json'],
    /nonexistent\/results\.ndjson does not exist/,
  ),
  usage(
    'fleet on a folder and a misspelt file beside it',
    () => {
      const dir = tempDir('tetra-typo-fleet-');
      writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-1', status: 'healthy' }));
      return ['fleet', dir, path.join(dir, 'resluts.ndjson'), '--format', 'json'];
    },
    /resluts\.ndjson does not exist/,
  ),
  scriptTypo(
    'Invoke-TetraDoctor.ps1 -Comand remediate (misspelt parameter)',
    path.join(RMM_DIR, 'Invoke-TetraDoctor.ps1'),
    ['-Comand', 'remediate', '-MapToBinary'],
    1,
    /^ERROR: Invoke-TetraDoctor\.ps1 usage: unknown parameter -Comand/,
  ),
  scriptTypo(
    'Detect-TetraDefinitions.ps1 with a parameter it does not have',
    path.join(INTUNE_DIR, 'Detect-TetraDefinitions.ps1'),
    ['-TimeoutSecondz', '30'],
    1,
    /^ERROR: Detect-TetraDefinitions\.ps1 failed: unknown parameter -TimeoutSecondz/,
  ),
  scriptTypo(
    'NinjaOne-TetraDoctor.ps1 -Comand remediate (misspelt parameter)',
    path.join(RMM_DIR, 'NinjaOne-TetraDoctor.ps1'),
    ['-Comand', 'remediate', '-MapToBinary'],
    1,
    /unknown parameter -Comand/,
  ),
  scriptTypo(
    'DattoRMM-TetraDoctor-Monitor.ps1 -UdfNumbr 3',
    path.join(RMM_DIR, 'DattoRMM-TetraDoctor-Monitor.ps1'),
    ['-UdfNumbr', '3'],
    1,
    /unknown parameter -UdfNumbr/,
  ),
];
