/**
 * Open-file limits. Every TLS connection is a file descriptor on each side, so 10,000 pumps need
 * about 10,000 descriptors in the fleet's process and as many in the broker's. A child whose soft
 * limit is too low is started through `prlimit` (util-linux), which may raise it up to the hard limit.
 */
import { spawnSync } from 'node:child_process';

/** Descriptors a process needs besides its sockets (modules, SQLite, pipes). */
export const fileHeadroom = 512;

export interface FileLimits {
  soft: number;
  hard: number;
}

let cached: FileLimits | undefined;

/** This process's open-file limits, as a child started now would inherit them. */
export function fileLimits(): FileLimits {
  if (cached) return cached;
  const run = spawnSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' });
  const [soft, hard] = run.stdout
    .trim()
    .split('\n')
    .map((line) => (line === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(line)));
  cached = { soft: soft ?? 1024, hard: hard ?? 1024 };
  return cached;
}

const hasPrlimit = (): boolean => spawnSync('prlimit', ['--version']).status === 0;

/** The largest fleet a child can serve: the hard limit (root could raise it, but the bench does not). */
export function maxPumpsForFiles(): number {
  const { soft, hard } = fileLimits();
  return (hasPrlimit() ? hard : soft) - fileHeadroom;
}

/** The argv that starts `command args` with at least `files` open files allowed. */
export function launcher(command: string, args: readonly string[], files: number): string[] {
  const { soft, hard } = fileLimits();
  const wanted = files + fileHeadroom;
  if (wanted <= soft || !hasPrlimit()) return [command, ...args];
  return ['prlimit', `--nofile=${Math.min(wanted, hard)}:${hard}`, '--', command, ...args];
}
