// Programs that tetra-doctor runs from Windows itself are always named by their absolute System32 path: a planted
// copy earlier on PATH (or in the working folder) is never run.
import path from 'node:path';

export function system32(program: string): string {
  return path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', program);
}
