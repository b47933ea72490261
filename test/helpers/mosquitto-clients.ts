import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Identity } from '../../pki/authority.ts';

/** True when the Debian `mosquitto-clients` binaries are on the PATH. */
export const hasMosquittoClients = (): boolean =>
  spawnSync('mosquitto_pub', ['--help']).error === undefined &&
  spawnSync('mosquitto_sub', ['--help']).error === undefined;

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a mosquitto client asynchronously: the broker under test lives in this process, so a
 * synchronous spawn would block the very event loop that has to answer it.
 */
export function runTool(command: string, args: string[], timeoutMs = 15_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    collect(child, resolve, reject);
  });
}

/** Starts a long-running tool and hands back the process and its eventual result. */
export function startTool(
  command: string,
  args: string[],
): { child: ChildProcess; done: Promise<ToolResult> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
  return { child, done: new Promise((resolve, reject) => collect(child, resolve, reject)) };
}

function collect(
  child: ChildProcess,
  resolve: (result: ToolResult) => void,
  reject: (error: Error) => void,
): void {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('error', reject);
  child.on('close', (status) => resolve({ status, stdout, stderr }));
}

/** The mosquitto TLS options for a lab identity, its files written owner-only into `dir`. */
export function tlsArgs(dir: string, rootPem: string, identity?: Identity): string[] {
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  const args = ['--cafile', write('root.pem', rootPem)];
  if (identity) {
    args.push('--cert', write(`${identity.name}.chain.pem`, identity.chainPem));
    args.push('--key', write(`${identity.name}.key.pem`, identity.privateKeyPem));
  }
  return args;
}
