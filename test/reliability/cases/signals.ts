// Class 7, signals and kills, sent for real to the bundled CLI: SIGHUP, SIGINT and SIGTERM mid-collect turn debug
// logging off, release the lock and print a complete result; after a SIGKILL mid-collect, the next detect turns
// debug logging off again and says so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { actingArgs, makeActingEndpoint, type ActingEndpoint } from '../../helpers/acting';
import { BUNDLE } from '../../helpers/cli';
import { cleanup, runCli, type Case, type Check, type CliRun } from '../kit';

/** Runs collect until debug logging is on, then sends `signal`; returns the run with what sfc.exe was asked. */
async function collectThen(e: ActingEndpoint, signal: NodeJS.Signals): Promise<CliRun> {
  const args = actingArgs('collect', e, '--duration', '60');
  const started = Date.now();
  const child = spawn(process.execPath, [BUNDLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const end = Date.now() + 20_000;
  while (e.calls('sfc.exe').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  child.kill(signal);
  const code = await exited;
  let json = null;
  try {
    json = JSON.parse(stdout);
  } catch {
    // Not JSON: the checks say so.
  }
  return { code, stdout, stderr, ms: Date.now() - started, rssKiB: null, json };
}

function interrupted(signal: NodeJS.Signals) {
  return async (): Promise<CliRun> => {
    const e = makeActingEndpoint({});
    cleanup.push(e.remove);
    const r = await collectThen(e, signal);
    return {
      ...r,
      json: r.json && {
        ...r.json,
        sfcCalls: e.calls('sfc.exe'),
        lockLeft: existsSync(path.join(e.stateDir, 'remediate.lock')),
      },
    };
  };
}

function killedThenDetect() {
  return async (): Promise<CliRun> => {
    const e = makeActingEndpoint({});
    cleanup.push(e.remove);
    await collectThen(e, 'SIGKILL');
    const r = await runCli(
      ['detect', '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', '--format', 'json'],
      { now: null, measureRss: true },
    );
    return {
      ...r,
      json: r.json && {
        ...r.json,
        sfcCalls: e.calls('sfc.exe'),
        recordLeft: existsSync(path.join(e.stateDir, 'debug-logging.json')),
      },
    };
  };
}

const cleanedUp: Check = {
  name: 'debug logging turned off, lock released, outcome interrupted',
  check: (r) =>
    r.json?.collection?.outcome === 'interrupted' &&
    r.json.sfcCalls.join() === '-l start,-l stop' &&
    r.json.lockLeft === false
      ? null
      : JSON.stringify({ outcome: r.json?.collection?.outcome, sfc: r.json?.sfcCalls, lock: r.json?.lockLeft }),
};
const restored: Check = {
  name: 'the next detect ran sfc.exe -l stop and cleared the record',
  check: (r) =>
    r.json?.sfcCalls.join() === '-l start,-l stop' && r.json.recordLeft === false
      ? null
      : JSON.stringify({ sfc: r.json?.sfcCalls, record: r.json?.recordLeft }),
};

let id = 0;
const next = () => `G${String(++id).padStart(2, '0')}`;

export const SIGNALS: Case[] = [
  ...(['SIGHUP', 'SIGINT', 'SIGTERM'] as const).map((signal): Case => ({
    id: next(),
    area: 'signals',
    input: `${signal} to collect while debug logging is on`,
    exit: 4,
    codes: null,
    run: interrupted(signal),
    checks: [cleanedUp],
  })),
  {
    id: next(),
    area: 'signals',
    input: 'SIGKILL to collect while debug logging is on, then detect',
    exit: 1,
    codes: ['DEBUG_LOGGING_RESTORED', 'DEFINITIONS_STALE'],
    run: killedThenDetect(),
    checks: [restored],
  },
];
