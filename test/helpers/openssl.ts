import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The result of one openssl command: OpenSSL is the independent peer the lab's PKI is checked against. */
export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function openssl(args: string[], input?: string | Buffer): OpensslResult {
  const result = spawnSync('openssl', args, { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** True when an openssl binary is on the PATH. */
export const hasOpenssl = (): boolean => spawnSync('openssl', ['version']).status === 0;

/** Writes `content` to `dir/name` and returns the path: openssl reads files. */
export function writeTemp(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
