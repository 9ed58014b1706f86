// The system layer's one way to run a program: whatever stops a program from starting comes back as spawnError,
// never as a rejected promise (which would end a SYSTEM run in a stack trace instead of a finding).
import t from 'tap';
import { runBounded } from '../../src/system/runBounded';

const LIMITS = { timeoutMs: 10_000, maxBytes: 1024 };

t.test('a start failure Node throws for (an argument over the 128 KiB a Linux argument may hold: E2BIG)', async (t) => {
  const run = await runBounded('/bin/true', ['x'.repeat(200_000)], LIMITS);
  t.match(run.spawnError, /E2BIG/);
  t.equal(run.exitCode, null);
  t.equal(run.stdout.length, 0);
});

t.test('a start failure Node reports as an event (a missing program: ENOENT)', async (t) => {
  const run = await runBounded('/nonexistent/AmpCLI.exe', ['posture'], LIMITS);
  t.match(run.spawnError, /ENOENT/);
  t.equal(run.exitCode, null);
});

t.test('a program that starts: its exit code and output', async (t) => {
  const run = await runBounded(process.execPath, ['-e', 'process.stdout.write("ok"); process.exit(3)'], LIMITS);
  t.equal(run.spawnError, null);
  t.equal(run.exitCode, 3);
  t.equal(run.stdout.toString(), 'ok');
});
