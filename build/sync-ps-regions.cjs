// Intune and RMMs deploy each script as one self-contained file, so the runner every script needs cannot be
// dot-sourced from a shared module. It is written once, under scripts-shared/, and copied into the matching
// #region of every script by `npm run scripts:sync`; test/scripts/ps-syntax.test.ts fails when a copy differs.
// scripts-shared/exit-codes.ps1 is itself generated first, from src/contract/exitCodes.ts (README.md's exit-code
// table is generated from the same file, by `npm run docs:contract`).
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/** `except`: scripts that must not carry a region (the Datto monitor only reads what the job left: it runs nothing). */
const MONITOR = 'rmm/DattoRMM-TetraDoctor-Monitor.ps1';
const SHARED_REGIONS = [
  { name: 'tetra-doctor exit codes', source: 'scripts-shared/exit-codes.ps1', folders: ['intune', 'rmm'] },
  { name: 'tetra-doctor text', source: 'scripts-shared/text.ps1', folders: ['intune', 'rmm'] },
  { name: 'tetra-doctor runner', source: 'scripts-shared/runner.ps1', folders: ['intune', 'rmm'], except: [MONITOR] },
  { name: 'Options', source: 'scripts-shared/rmm-options.ps1', folders: ['rmm'], except: [MONITOR] },
  { name: 'Main', source: 'scripts-shared/intune-main.ps1', folders: ['intune'] },
  { name: 'Deploy common', source: 'scripts-shared/deploy-common.ps1', folders: ['deploy'] },
];

/** The scripts a region is copied into. */
function scriptsOf(root, region) {
  const except = new Set((region.except ?? []).map((f) => path.join(root, f)));
  return region.folders.flatMap((folder) => scriptsIn(root, folder)).filter((script) => !except.has(script));
}

const regionPattern = (name) => new RegExp(`#region ${name}\\b[\\s\\S]*?#endregion ${name}\\r?\\n`);

function scriptsIn(root, folder) {
  return readdirSync(path.join(root, folder))
    .filter((f) => f.endsWith('.ps1'))
    .map((f) => path.join(root, folder, f));
}

/** src/contract/exitCodes.ts, compiled on the fly: the one TypeScript definition of the exit codes. */
function loadExitCodes(root) {
  const { transformSync } = require('esbuild');
  const source = readFileSync(path.join(root, 'src/contract/exitCodes.ts'), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
  const module = { exports: {} };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

const psString = (text) => `'${text.replace(/'/g, "''")}'`;

/** The exit-code table every script uses, as PowerShell: generated, never edited by hand. */
function exitCodesRegion(root) {
  const { EXIT, NEEDS_ATTENTION, plainMeaning } = loadExitCodes(root);
  const rows = Object.entries(EXIT).map(([name, code]) => {
    const meaning = plainMeaning(name);
    if (!/^[\x20-\x7e]*$/.test(meaning)) throw new Error(`the meaning of exit ${code} is not printable ASCII`);
    const attention = NEEDS_ATTENTION[name] ? '$true' : '$false';
    return `    @{ Code = ${code}; Name = ${psString(name)}; Attention = ${attention}; Meaning = ${psString(meaning)} }`;
  });
  return [
    '#region tetra-doctor exit codes (generated from src/contract/exitCodes.ts by npm run scripts:sync; do not edit)',
    "# tetra-doctor's exit codes. Name is what the scripts report; Attention is whether a platform that can only say",
    "# yes or no (Intune detection, an RMM monitor) reports the code as an issue; Meaning is README.md's.",
    '$TetraDoctorExitCodes = @(',
    rows.join(',\n'),
    ')',
    '#endregion tetra-doctor exit codes',
    '',
  ].join('\n');
}

/** The scripts that name the release they belong to in their .NOTES (`Release:     tetra-doctor <version>`). */
const RELEASE_FOLDERS = ['intune', 'rmm', 'deploy'];

/** Writes package.json's version into every script's .NOTES `Release:` line (added after `FileName:` if absent). */
function stampRelease(root) {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const line = `    Release:     tetra-doctor ${version}`;
  for (const script of RELEASE_FOLDERS.flatMap((folder) => scriptsIn(root, folder))) {
    const text = readFileSync(script, 'utf8');
    const updated = /^ {4}Release: .*$/m.test(text)
      ? text.replace(/^ {4}Release: .*$/m, line)
      : text.replace(/^( {4}FileName: .*)$/m, `$1\n${line}`);
    if (!updated.includes(line)) throw new Error(`${script} has no FileName: line in its .NOTES`);
    if (updated !== text) writeFileSync(script, updated);
    console.log(`${updated === text ? 'unchanged' : 'updated  '} ${path.relative(root, script)} (Release ${version})`);
  }
}

function sync(root) {
  stampRelease(root);
  const generated = path.join(root, 'scripts-shared/exit-codes.ps1');
  const region = exitCodesRegion(root);
  const current = readFileSync(generated, { encoding: 'utf8', flag: 'a+' });
  if (current !== region) writeFileSync(generated, region);
  console.log(
    `${current === region ? 'unchanged' : 'updated  '} scripts-shared/exit-codes.ps1 (from src/contract/exitCodes.ts)`,
  );
  for (const region of SHARED_REGIONS) {
    const shared = readFileSync(path.join(root, region.source), 'utf8');
    for (const script of scriptsOf(root, region)) {
      const text = readFileSync(script, 'utf8');
      if (!regionPattern(region.name).test(text)) throw new Error(`${script} has no #region ${region.name}`);
      const updated = text.replace(regionPattern(region.name), () => shared);
      if (updated !== text) writeFileSync(script, updated);
      console.log(`${updated === text ? 'unchanged' : 'updated  '} ${path.relative(root, script)} (${region.name})`);
    }
  }
}

module.exports = { RELEASE_FOLDERS, SHARED_REGIONS, regionPattern, scriptsIn, scriptsOf, exitCodesRegion };
if (require.main === module) sync(process.cwd());
