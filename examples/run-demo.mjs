// npm run demo: diagnoses the example endpoint under examples/stale-proxy-endpoint. Its policy routes updates
// through a proxy; this script starts that proxy on 127.0.0.1, and it rejects the credentials (HTTP 407), as the
// connector's own last error already says. Nothing leaves this machine.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const proxy = http.createServer((_req, res) =>
  res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end(),
);
proxy.on('connect', (_req, socket) =>
  socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n'),
);
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));

const endpoint = mkdtempSync(path.join(os.tmpdir(), 'tetra-demo-'));
cpSync(path.join(here, 'stale-proxy-endpoint'), endpoint, { recursive: true });
const template = readFileSync(path.join(endpoint, 'policy.template.xml'), 'utf8');
writeFileSync(path.join(endpoint, 'policy.xml'), template.replace('@PROXY_PORT@', String(proxy.address().port)));

const args = [
  path.join(here, '..', 'dist', 'tetra-doctor.cjs'),
  'detect',
  '--amp-dir',
  endpoint,
  '--format',
  process.env.DEMO_FORMAT ?? 'text',
  '--timeout-ms',
  '3000',
  ...process.argv.slice(2),
];
console.log(`$ tetra-doctor ${args.slice(1).join(' ')}\n`);
// Asynchronously, so this process keeps serving the proxy while the diagnosis runs.
const child = spawn(process.execPath, args, { stdio: 'inherit' });
child.on('close', (code) => {
  console.log(`\nexit code ${code} (1 = unhealthy: remediation would run)`);
  proxy.close();
  rmSync(endpoint, { recursive: true, force: true });
  // The demo succeeded if the diagnosis ran; its verdict is the point, not a failure.
  process.exit(code === 1 ? 0 : 1);
});
