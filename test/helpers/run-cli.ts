import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real command, as a user runs it: `node bin/pumplab.mjs`. */
export const cliPath = fileURLToPath(new URL('../../bin/pumplab.mjs', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for runs with `--json`). */
  json<T = Record<string, unknown>>(): T;
}

/** Runs `pumplab ...args` in a child process and waits for it. */
export function runCli(args: string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, PUMPLAB_LOG_LEVEL: 'warn' },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    json: <T>() => JSON.parse(result.stdout) as T,
  };
}

/** The catalogue code of a failed `--json` run. */
export const errorCode = (result: CliResult): unknown =>
  result.json<{ error?: { code?: unknown } }>().error?.code;
