// `npm test`'s checks before the suite: typecheck, formatting, lint (ESLint and knip), bundle. They read the sources
// and write nothing another one reads, so they run side by side, two at a time (one per core of a small CI
// machine), instead of one after another. Each one's output is printed whole when it ends; the first failure is
// the exit code, after every check has run (all of what is wrong, in one run). A fresh install's tap is built
// first (tapBuiltWithout, below).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** package.json's own scripts, so that each check is defined once ("lint" is ESLint, then knip). */
const CHECKS = ['typecheck', 'format:check', 'lint', 'bundle'].map((script) => [
  script,
  'npm',
  ['run', '--silent', script],
]);
const AT_ONCE = 2;

function run([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => resolve({ name, code: 1, output: `${err.message}\n`, seconds: 0 }));
    child.on('close', (code) =>
      resolve({
        name,
        code: code ?? 1,
        output: Buffer.concat(output).toString(),
        seconds: (Date.now() - started) / 1000,
      }),
    );
  });
}

/**
 * tap as npm installs it is built with all its default plugins, TypeScript's ts-node loader among them. It rebuilds
 * itself for package.json's plugin list ("!@tapjs/typescript": tsx loads TypeScript) on its first run, but only
 * after that run has given every test file the old loaders, which cost one to four seconds of CPU per file. So a
 * fresh install (every CI run) is built first. tap records the plugins it was built with in its generated Test class.
 */
function tapBuiltWithout() {
  const turnedOff = (JSON.parse(readFileSync('package.json', 'utf8')).tap?.plugin ?? [])
    .filter((name) => name.startsWith('!'))
    .map((name) => name.slice(1));
  let built;
  try {
    built = readFileSync('node_modules/@tapjs/test/test-built/dist/esm/index.js', 'utf8');
  } catch {
    return false;
  }
  // A class whose signature cannot be read is taken as built with every plugin: tap build then runs, which is safe.
  const signature = /export const signature = `([^`]*)`/.exec(built)?.[1].split('\n') ?? turnedOff;
  return turnedOff.every((name) => !signature.includes(name));
}

function report(result) {
  process.stdout.write(
    `${result.output}${result.code === 0 ? 'ok' : 'FAILED'} ${result.name} (${result.seconds.toFixed(1)} s)\n`,
  );
}

if (!tapBuiltWithout()) {
  const built = await run(['tap build', 'npx', ['tap', 'build']]);
  report(built);
  if (built.code !== 0) process.exit(built.code);
}

const queue = [...CHECKS];
const results = [];
await Promise.all(
  Array.from({ length: AT_ONCE }, async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const result = await run(check);
      results.push(result);
      report(result);
    }
  }),
);
process.exitCode = results.find((result) => result.code !== 0)?.code ?? 0;
