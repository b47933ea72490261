import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const authorityUrl = new URL('../../pki/authority.ts', import.meta.url).href;

/** Runs in the child: open the store, revoke, exit. What `pumplab pki revoke` will do. */
const childScript = `
const [stateDir, serial, reason] = process.argv.slice(1);
const { CertificateAuthority } = await import(${JSON.stringify(authorityUrl)});
const authority = CertificateAuthority.open(stateDir);
try { authority.revoke(serial, reason); } finally { authority.close(); }
`;

/**
 * Revokes `serial` from a separate Node process, standing in for the `pumplab pki revoke` CLI: a
 * server in this process learns of it only through the CRL the child publishes.
 */
export function revokeInChildProcess(
  stateDir: string,
  serial: string,
  reason = 'keyCompromise',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', childScript, stateDir, serial, reason],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`revoking child exited ${code}: ${stderr}`)),
    );
  });
}
