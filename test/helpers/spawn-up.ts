import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import https from 'node:https';
import { cliPath } from './run-cli.ts';

/** How a `pumplab up` child ended. */
export interface UpExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Real milliseconds from the stop signal to the exit. */
  stoppedInMs: number;
}

/** A running `pumplab up ... --json`. */
export interface RunningUp<T> {
  child: ChildProcess;
  /** The JSON document `up` prints once the lab runs; rejects if the child exits first. */
  started: Promise<T>;
  /** Sends `signal` (default SIGINT, as Ctrl-C) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<UpExit>;
}

/**
 * Starts `pumplab up` with `args` (which should include `--json`) in a child process, as a user
 * runs it: `node bin/pumplab.mjs up ...`.
 * @example const up = spawnUp(['--dir', dir, '--json']); const lab = await up.started; await up.stop();
 */
export function spawnUp<T>(args: string[]): RunningUp<T> {
  const child = spawn(process.execPath, [cliPath, 'up', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PUMPLAB_LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const started = new Promise<T>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        // Not the whole document yet.
      }
    });
    void exited.then(([code]) =>
      reject(new Error(`pumplab up exited ${code} before starting: ${stdout}${stderr}`)),
    );
  });
  started.catch(() => undefined);
  return {
    child,
    started,
    stop: async (signal = 'SIGINT') => {
      const sentAt = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, exitSignal] = await exited;
      return { code, signal: exitSignal, stdout, stderr, stoppedInMs: Date.now() - sentAt };
    },
  };
}

/** GETs `url` over HTTPS trusting only the CA in `caFile`; resolves with the status and parsed body. */
export function getJson<T>(
  url: string,
  caFile: string,
  from: { localAddress?: string; servername?: string } = {},
): Promise<{ status: number; body: T }> {
  const ca = fs.readFileSync(caFile, 'utf8');
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, agent: false, ...from }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
          resolve({ status: response.statusCode ?? 0, body });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on('error', reject);
  });
}

/** `pumplab up` flags that let every listener take a free port, so tests never collide. */
export const anyFreePorts: readonly string[] = [
  '--mqtt-port',
  '0',
  '--rest-port',
  '0',
  '--hl7-port',
  '0',
  '--ehr-hl7-port',
  '0',
  '--ehr-rest-port',
  '0',
  '--gateway-api-port',
  '0',
];
