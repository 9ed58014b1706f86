// Runs a TypeScript entry point (the benchmark) by bundling it with esbuild into .cache/ first.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const entry = process.argv[2];
const outfile = path.resolve('.cache', `${path.basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
await main(process.argv.slice(3));
