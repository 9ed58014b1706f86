// Creates a folder and its missing parents one level at a time. Node's recursive mkdir retries forever where a
// parent can never be made (under /proc it keeps getting ENOENT and spins at full CPU): here every level is one
// attempt, so a path that cannot be created fails at once, with the reason.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** No real folder is this deep; a path that is, is a mistake, and walking it has to end somewhere. */
const MAX_MISSING_LEVELS = 64;

class FolderError extends Error {}

/** Creates `dir` (each missing level with `mode`); returns whether anything was created. */
export async function makeFolder(dir: string, mode: number): Promise<boolean> {
  const missing = await missingLevels(path.resolve(dir));
  for (const level of missing) {
    try {
      await fs.mkdir(level, { mode });
    } catch (err) {
      // Another run may have made it meanwhile; anything else is the reason it cannot be made.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await isFolder(level)))
        throw new FolderError(`cannot create ${level}: ${reason(err)}`);
    }
  }
  return missing.length > 0;
}

/** The levels of `dir` that do not exist, outermost first; throws when an existing level is no folder. */
async function missingLevels(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      if (!(await fs.stat(current)).isDirectory()) throw new FolderError(`${current} is not a folder`);
      return missing;
    } catch (err) {
      if (err instanceof FolderError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new FolderError(`cannot use ${current}: ${reason(err)}`);
    }
    missing.unshift(current);
    if (path.dirname(current) === current || missing.length > MAX_MISSING_LEVELS)
      throw new FolderError(`cannot create ${dir}: no parent folder of it exists`);
  }
}

async function isFolder(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The system's reason without the call and path Node adds ("ENOTDIR: not a directory, stat '/x'"). */
function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.split(',')[0].replace(/^[A-Z]+: /, '')}` : String(e.message);
}
