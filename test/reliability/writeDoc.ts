// npm run docs:reliability: runs the matrix and writes docs/reliability.md with what each case measured.
import path from 'node:path';
import { CASES } from './cases';
import { runMatrix } from './runMatrix';
import { writeReliabilityDoc } from './cases';

export async function main(): Promise<void> {
  const results = await runMatrix(CASES);
  const file = path.resolve(process.cwd(), 'docs', 'reliability.md');
  writeReliabilityDoc(file, results);
  console.log(`wrote ${file}`);
}
