import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensureDirectory, writeFileAtomic } from '../../pki/store/secure-files.ts';

const runsSchema = z.object({ runs: z.number().int().nonnegative() });

/**
 * Counts the embedded lab's runs in `stateDir` and returns this one's number (1 for a fresh state
 * directory). Pumps boot anew on every run: the number keeps their boot identifiers apart while a
 * fresh lab with the same seed still replays exactly.
 * @example const run = nextRun('.pumplab') // 1, then 2, ...
 */
export function nextRun(stateDir: string): number {
  const directory = path.join(stateDir, 'embedded-lab');
  const file = path.join(directory, 'runs.json');
  let previous = 0;
  try {
    const parsed = runsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) previous = parsed.data.runs;
  } catch {
    // No file yet (a fresh lab), or one this version cannot read: count from here.
  }
  ensureDirectory(directory, 0o700);
  writeFileAtomic(file, `${JSON.stringify({ runs: previous + 1 })}\n`, 0o600);
  return previous + 1;
}
