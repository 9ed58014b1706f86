// The PAC sandbox in-process, against PAC files served on loopback: every FindProxyForURL call has its own CPU
// budget (a later call is not starved by an earlier one), and a script that loops or allocates without end fails
// as pac_invalid in bounded time.
import type { SecureContext } from 'node:tls';
import tls from 'node:tls';
import t from 'tap';
import { ProbeError } from '../../src/probes/deadline';
import { loadPac } from '../../src/probes/proxy/pac';
import { PAC_CPU_MS } from '../../src/probes/proxy/pacEvaluator';
import { startHttp } from '../helpers/servers';

const context: SecureContext = tls.createSecureContext();
const serve = (script: string) => startHttp((_req, res) => res.writeHead(200).end(script));

t.test('a call made seconds after loading still gets its full budget', async (t) => {
  const pac = await serve(
    'function FindProxyForURL(url, host) { var n = 0; for (var i = 0; i < 200000; i++) n += i; return "PROXY p:" + (n > 0 ? 3128 : 1); }',
  );
  t.teardown(pac.close);
  // The deadline (15 s) is far away: only the per-call CPU budget could bind.
  const loaded = await loadPac(`${pac.url}/p.pac`, 15_000, context);
  await new Promise((r) => setTimeout(r, 2300));
  t.same((await loaded.find('https://tetra-defs.amp.cisco.com/')).entries, [{ kind: 'http', host: 'p', port: 3128 }]);
});

t.test('endless loops and unbounded allocation are interrupted: pac_invalid, in bounded time', async (t) => {
  const scripts = {
    loop: 'function FindProxyForURL(url, host) { while (true) {} }',
    memory: 'function FindProxyForURL(url, host) { var a = []; while (true) a.push(new Array(1000).fill(host)); }',
    hugeString: 'function FindProxyForURL(url, host) { return "x".repeat(1e9); }',
    recursion: 'function FindProxyForURL(url, host) { function f(n) { return f(n + 1) + 1; } return f(0); }',
    topLevelLoop: 'while (true) {} function FindProxyForURL(url, host) { return "DIRECT"; }',
  };
  // The deadline is far beyond the sandbox's own budget (PAC_CPU_MS, then its thread is stopped), so a script
  // stopped before it was stopped by the sandbox, whatever the load; the outcome says how.
  const DEADLINE_MS = 20_000;
  for (const [name, script] of Object.entries(scripts)) {
    const pac = await serve(script);
    const started = Date.now();
    const outcome = await loadPac(`${pac.url}/p.pac`, DEADLINE_MS, context)
      .then((loaded) => loaded.find('https://tetra-defs.amp.cisco.com/'))
      .then(
        () => 'answered',
        (err: unknown) => (err instanceof ProbeError ? `${err.failure}: ${err.message}` : `threw ${String(err)}`),
      );
    await pac.close();
    t.match(
      outcome,
      /^pac_invalid: .*(InternalError|RangeError): (interrupted|out of memory|stack overflow|Maximum call stack|invalid string length)/i,
      `${name}: ${outcome}`,
    );
    const ms = Date.now() - started;
    t.ok(ms < DEADLINE_MS, `${name}: stopped by the sandbox after ${ms} ms (budget ${PAC_CPU_MS} ms of CPU)`);
  }
});
