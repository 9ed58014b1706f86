// The least any `detect --offline` does, as a start-up baseline for npm run bench: run AmpCLI.exe posture and wait
// for it, read local.xml and list the install folder meanwhile, write the run to a history file atomically, print
// one line. What tetra-doctor costs beyond this is its own code: loading, compiling and running it.
// Usage: node bench/detect-floor.cjs AMP_DIR VERSION_DIR STATE_DIR
'use strict';
const { spawn } = require('node:child_process');
const { readdir, readFile, rename, writeFile } = require('node:fs/promises');
const path = require('node:path');

const [ampDir, versionDir, stateDir] = process.argv.slice(2);

function posture() {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(versionDir, 'AmpCLI.exe'), ['posture'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`exit ${code}`))));
  });
}

async function main() {
  const [out, localXml, files] = await Promise.all([
    posture(),
    readFile(path.join(ampDir, 'local.xml')),
    readdir(versionDir),
  ]);
  const line = `${JSON.stringify({ posture: out.length, localXml: localXml.length, files: files.length })}\n`;
  const temporary = path.join(stateDir, `floor.${process.pid}.tmp`);
  await writeFile(temporary, line);
  await rename(temporary, path.join(stateDir, 'floor.jsonl'));
  process.stdout.write(line);
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
