// The suite's own harness: a child process a test starts is an admin's plain run, without tap's process tracker
// (test/helpers/untrackedChildren.mjs), which would more than double the CPU of every CLI run in the suite.
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
