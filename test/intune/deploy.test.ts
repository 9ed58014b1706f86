// `intune deploy` against the Azure stand-in (test/helpers/intuneServer.ts): Entra ID, Graph and Blob Storage on
// 127.0.0.1 over HTTPS with a private CA, which the CLI (a child process) trusts through NODE_EXTRA_CA_CERTS.
import t from 'tap';
import { runCli } from '../helpers/cli';
import { startIntuneServer } from '../helpers/intuneServer';
import { makeRelease } from '../helpers/releaseFolder';

const deployArgs = (server: { args: string[] }, dir: string, ...more: string[]) => [
  'intune',
  'deploy',
  '--release',
  dir,
  ...server.args,
  '--block-bytes',
  '65536',
  ...more,
];

t.test(
  'a first deploy creates the app, uploads the package in blocks, creates the Remediation and assigns both',
  async (t) => {
    const server = await startIntuneServer();
    t.teardown(server.close);
    const release = await makeRelease('0.1.0');
    const run = await runCli(deployArgs(server, release.dir), { env: server.env, timeoutMs: 60_000, now: null });
    t.equal(run.code, 0, run.stderr);
    t.same(server.violations, [], 'every request passed the stand-in checks');
    console.error(run.stderr);
    console.error(run.stdout);
  },
);
