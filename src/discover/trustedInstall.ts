// An install folder tetra-doctor may run programs from and read files in. The only way to get a TrustedInstall is
// `TrustedInstall.establish`, which resolves every path (symbolic links, junctions), keeps them inside the install folder and,
// running elevated, refuses any that non-admins can write: whatever takes a TrustedInstall cannot be handed an
// unchecked folder. Everything above src/discover that runs a program or reads a file from the folder takes one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkPathsTrust } from '../system/pathTrust';

/** The connector's programs tetra-doctor runs, all from the live version folder. */
export type InstallProgram = 'AmpCLI.exe' | 'sfc.exe' | 'ipsupporttool.exe';
/** The connector's files tetra-doctor reads, in the install root. */
export type InstallFile = 'local.xml' | 'policy.xml';

const PROGRAMS: readonly InstallProgram[] = ['AmpCLI.exe', 'sfc.exe', 'ipsupporttool.exe'];
const FILES: readonly InstallFile[] = ['local.xml', 'policy.xml'];

export type InstallVia = 'option' | 'registry' | 'default';

export class TrustedInstall {
  /** Only `establish` below constructs one, after every check passed. */
  private constructor(
    /** The install root as found (shown in results and history). */
    readonly root: string,
    readonly via: InstallVia,
    readonly liveVersion: string,
    /** Resolved paths, each checked to lie inside the resolved root. */
    private readonly programs: Readonly<Record<InstallProgram, string>>,
    private readonly files: Readonly<Record<InstallFile, string>>,
  ) {}

  programPath(program: InstallProgram): string {
    return this.programs[program];
  }

  filePath(file: InstallFile): string {
    return this.files[file];
  }

  /** The one factory: checks, and builds a TrustedInstall only when every check passed. */
  static async establish(
    root: string,
    via: InstallVia,
    liveVersion: string,
  ): Promise<TrustedInstall | { untrusted: string }> {
    const realRoot = await fs.realpath(root).catch(() => null);
    if (realRoot === null) return { untrusted: `${root} could not be resolved` };
    const resolve = async (relative: string) => resolveInside(realRoot, path.join(realRoot, relative));
    const versionDir = await resolve(liveVersion);
    if ('untrusted' in versionDir) return versionDir;
    const programs = {} as Record<InstallProgram, string>;
    for (const program of PROGRAMS) {
      const resolved = await resolve(path.join(liveVersion, program));
      if ('untrusted' in resolved) return resolved;
      programs[program] = resolved.path;
    }
    const files = {} as Record<InstallFile, string>;
    for (const file of FILES) {
      const resolved = await resolve(file);
      if ('untrusted' in resolved) return resolved;
      files[file] = resolved.path;
    }
    const trust = await checkPathsTrust([
      realRoot,
      versionDir.path,
      ...Object.values(programs),
      ...Object.values(files),
    ]);
    if (!trust.trusted) return { untrusted: trust.reason ?? `${root} is not restricted to administrators` };
    return new TrustedInstall(root, via, liveVersion, programs, files);
  }
}

/** Resolves links; a path that leads out of the install folder is refused. A missing file resolves to itself. */
async function resolveInside(realRoot: string, target: string): Promise<{ path: string } | { untrusted: string }> {
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      return { untrusted: `${target} could not be resolved (${(err as NodeJS.ErrnoException).code})` };
    // A dangling link is a link to somewhere else: refuse it; a plain missing file is only missing.
    const link = await fs.lstat(target).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (link) return { untrusted: `${target} is a link to a missing target` };
    return { path: target };
  }
  const relative = path.relative(realRoot, real);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return { path: real };
  return { untrusted: `${target} leads out of the install folder (to ${real})` };
}
