// Real proxies for the end-to-end tests, beside the own Node proxy in servers.ts: Squid (Debian's squid) with Basic
// authentication through basic_ncsa_auth, or NTLM through its ntlm_fake_auth helper (a real NTLM handshake that
// accepts any well-formed credentials), and Dante (Debian's dante-server) for SOCKS 5. Each runs on 127.0.0.1 on a
// free port, with its configuration, pid, logs and password file in a temporary folder of its own, as a child
// process of the test (stopped by its own process group id), touching no system path. Installed by
// .ci/install-proxies.sh.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort, type Running } from './servers';

const SQUID = '/usr/sbin/squid';
const DANTED = '/usr/sbin/danted';
const NCSA = '/usr/lib/squid/basic_ncsa_auth';
const NTLM_FAKE = '/usr/lib/squid/ntlm_fake_auth';

/** Why the real proxies cannot run here, or null. */
export function realProxiesMissing(): string | null {
  const lacking = [SQUID, DANTED, NCSA, NTLM_FAKE].filter((file) => !existsSync(file));
  return lacking.length ? `${lacking.join(', ')} not installed (run .ci/install-proxies.sh)` : null;
}

export interface SquidOptions {
  /** Basic users (user -> password); an htpasswd file is written for basic_ncsa_auth. */
  users?: Record<string, string>;
  /** Offer NTLM only (ntlm_fake_auth): any NTLM credentials pass, Basic is not offered. */
  ntlm?: boolean;
  /** Names only this Squid resolves (its own hosts_file): name -> address. A server behind such a name is reachable
   * through the proxy and not directly. */
  hosts?: Record<string, string>;
}

export async function startSquid(o: SquidOptions = {}): Promise<Running> {
  const dir = privateDir('tetra-squid-');
  const port = await closedPort();
  const auth: string[] = [];
  if (o.users) {
    const lines = Object.entries(o.users).map(([user, password]) => `${user}:${apr1(password)}`);
    writeFileSync(path.join(dir, 'htpasswd'), `${lines.join('\n')}\n`, { mode: 0o644 });
    auth.push(
      `auth_param basic program ${NCSA} ${path.join(dir, 'htpasswd')}`,
      'auth_param basic realm tetra-test',
      'auth_param basic children 2',
    );
  }
  if (o.ntlm) auth.push(`auth_param ntlm program ${NTLM_FAKE}`, 'auth_param ntlm children 2');
  const names: string[] = [];
  if (o.hosts) {
    const file = path.join(dir, 'hosts');
    writeFileSync(
      file,
      Object.entries(o.hosts)
        .map(([name, address]) => `${address} ${name}\n`)
        .join(''),
    );
    names.push(`hosts_file ${file}`);
  }
  const access = auth.length
    ? ['acl authed proxy_auth REQUIRED', 'http_access allow authed', 'http_access deny all']
    : ['http_access allow all'];
  const config = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${path.join(dir, 'squid.pid')}`,
    `cache_log ${path.join(dir, 'cache.log')}`,
    `access_log stdio:${path.join(dir, 'access.log')}`,
    'cache_store_log none',
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'shutdown_lifetime 0 seconds',
    ...names,
    // The tests' servers are on 127.0.0.1 at any port: every port may be tunnelled to.
    ...auth,
    ...access,
  ];
  writeFileSync(path.join(dir, 'squid.conf'), `${config.join('\n')}\n`);
  return runDaemon(SQUID, ['-N', '-f', path.join(dir, 'squid.conf')], port, dir);
}

export interface DanteOptions {
  /** Destination ports on 127.0.0.1 the proxy refuses by rule ("not allowed by ruleset"). */
  blockPorts?: number[];
  /** Listen on ::1 instead of 127.0.0.1. */
  ipv6?: boolean;
}

export async function startDante(o: DanteOptions = {}): Promise<Running> {
  const dir = privateDir('tetra-dante-');
  const port = await closedPort();
  const listen = o.ipv6 ? '::1' : '127.0.0.1';
  const config = [
    `logoutput: ${path.join(dir, 'danted.log')}`,
    `internal: ${listen} port = ${port}`,
    'external: 127.0.0.1',
    ...(o.ipv6 ? ['external: ::1'] : []),
    'socksmethod: none',
    'clientmethod: none',
    'user.privileged: root',
    'user.unprivileged: nobody',
    'client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }',
    ...(o.ipv6 ? ['client pass { from: ::/0 to: ::/0 }', 'client pass { from: ::/0 to: 0.0.0.0/0 }'] : []),
    ...(o.blockPorts ?? []).map((blocked) => `socks block { from: 0.0.0.0/0 to: 127.0.0.1/32 port = ${blocked} }`),
    'socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }',
    ...(o.ipv6 ? ['socks pass { from: ::/0 to: ::/0 }', 'socks pass { from: ::/0 to: 0.0.0.0/0 }'] : []),
  ];
  writeFileSync(path.join(dir, 'danted.conf'), `${config.join('\n')}\n`);
  return runDaemon(
    DANTED,
    ['-f', path.join(dir, 'danted.conf'), '-p', path.join(dir, 'danted.pid'), '-N', '1'],
    port,
    dir,
    listen,
  );
}

/** The daemons drop to their unprivileged users for logs and helpers: the folder is theirs to write. */
function privateDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

function apr1(password: string): string {
  const run = spawnSync('openssl', ['passwd', '-apr1', '-stdin'], { input: password, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl passwd failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** Starts the daemon in the foreground in a process group of its own, waits until its port accepts connections. */
async function runDaemon(
  file: string,
  args: string[],
  port: number,
  dir: string,
  host = '127.0.0.1',
): Promise<Running> {
  const child = spawn(file, args, { detached: true, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = () => stopGroup(child);
  process.once('exit', stop);
  const deadline = Date.now() + 15_000;
  while (!(await accepts(host, port))) {
    if (exited || Date.now() > deadline) {
      stop();
      throw new Error(`${path.basename(file)} did not start on ${host}:${port} (see ${dir})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hits: [],
    arrivals: [],
    close: async () => {
      process.off('exit', stop);
      stop();
      await new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve())));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stopGroup(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
