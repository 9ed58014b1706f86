// The suite's own harness: a child process a test starts is an admin's plain run, without tap's process tracker
// (test/helpers/untrackedChildren.mjs), which would more than double the CPU of every CLI run in the suite, nor the
// machine's extra CA bundle.
import { spawnSync } from 'node:child_process';
import t from 'tap';

t.test("a test's child node process loads nothing of tap's", async (t) => {
  const child = spawnSync(process.execPath, [
    '-p',
    'JSON.stringify([process.env.NODE_OPTIONS ?? "", process.execArgv])',
  ]);
  t.equal(child.status, 0);
  t.notMatch(child.stdout.toString(), /processinfo/);
});

t.test("a test's children do not inherit the machine's NODE_EXTRA_CA_CERTS", async (t) => {
  // Loaded into a fresh node that was given the variable, as tap gives it to every test process on such a machine.
  const child = spawnSync(
    process.execPath,
    ['--import=./test/helpers/untrackedChildren.mjs', '-p', '"NODE_EXTRA_CA_CERTS" in process.env'],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' } },
  );
  t.equal(child.status, 0, child.stderr.toString());
  t.equal(child.stdout.toString().trim(), 'false');
});
