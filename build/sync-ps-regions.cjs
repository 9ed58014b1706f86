// Intune and RMMs deploy each script as one self-contained file, so the runner every script needs cannot be
// dot-sourced from a shared module. It is written once, under scripts-shared/, and copied into the matching
// #region of every script by `npm run scripts:sync`; test/scripts/ps-syntax.test.ts fails when a copy differs.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const SHARED_REGIONS = [
  { name: 'tetra-doctor runner', source: 'scripts-shared/runner.ps1', folders: ['intune', 'rmm'] },
  { name: 'Options', source: 'scripts-shared/rmm-options.ps1', folders: ['rmm'] },
];

const regionPattern = (name) => new RegExp(`#region ${name}\\b[\\s\\S]*?#endregion ${name}\\r?\\n`);

function scriptsIn(root, folder) {
  return readdirSync(path.join(root, folder))
    .filter((f) => f.endsWith('.ps1'))
    .map((f) => path.join(root, folder, f));
}

function sync(root) {
  for (const region of SHARED_REGIONS) {
    const shared = readFileSync(path.join(root, region.source), 'utf8');
    for (const script of region.folders.flatMap((folder) => scriptsIn(root, folder))) {
      const text = readFileSync(script, 'utf8');
      if (!regionPattern(region.name).test(text)) throw new Error(`${script} has no #region ${region.name}`);
      const updated = text.replace(regionPattern(region.name), () => shared);
      if (updated !== text) writeFileSync(script, updated);
      console.log(`${updated === text ? 'unchanged' : 'updated  '} ${path.relative(root, script)} (${region.name})`);
    }
  }
}

module.exports = { SHARED_REGIONS, regionPattern, scriptsIn };
if (require.main === module) sync(process.cwd());
