// Bundles the CLI into one CommonJS file that runs on a bare Node and inside a single-executable app.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/tetra-doctor.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // yargs is ESM and reads import.meta.url; in a CommonJS bundle that must come from the file's own path.
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__importMetaUrl',
    __TETRA_DOCTOR_VERSION__: JSON.stringify(pkg.version),
  },
});
