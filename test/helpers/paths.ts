// The repository root, found from wherever this code runs: the test runner loads it from test/helpers, the
// benchmark and doc generators from a bundle under .cache/.
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'cli', 'main.ts'))) return dir;
  }
  throw new Error(`no tetra-doctor checkout above ${from}`);
}

export const ROOT = findRoot(__dirname);
export const BUNDLE = path.join(ROOT, 'dist', 'tetra-doctor.cjs');
