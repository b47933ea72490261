/**
 * Runs every `*.bench.ts` in this folder, each in its own Node process so one benchmark's heap and JIT
 * state cannot skew the next. Arguments starting with `--` (e.g. `--quick`) go to every benchmark;
 * other arguments select benchmarks whose file name contains them: `npm run bench -- pki --quick`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('--'));
const filters = args.filter((arg) => !arg.startsWith('--'));
const files = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file), ...flags], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
if (files.length === 0) console.log(`no benchmark matches ${filters.join(', ')}`);
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
