/**
 * The lab PKI the benchmarks' pumps use, cached under the OS temp directory across runs: issuing
 * 10,000 device identities takes about 10 s, so a run issues only the identities a larger fleet
 * than any before needs. Its CRLs are reissued on every run, because a relying party refuses a CRL
 * past its nextUpdate (a week) and a cache can be older than that.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { CertificateAuthority } from '../../pki/authority.ts';
import { caNames } from '../../pki/hierarchy.ts';

export const cachedStateDir = path.join(os.tmpdir(), 'pumplab-bench-pki');

export interface CachedPki {
  stateDir: string;
  /** Identities this run had to issue (0 when the cache held them all). */
  issued: number;
  seconds: number;
}

/** Makes sure the cached state directory holds `pumps` device identities; returns what it did. */
export function cachedLabPki(pumps: number): CachedPki {
  const started = performance.now();
  const summary = ensureLabPki(cachedStateDir, {
    pumps,
    onProgress: (issued, missing) => {
      if (process.stderr.isTTY) process.stderr.write(`\rissuing device identities ${issued}/${missing}`);
    },
  });
  if (process.stderr.isTTY && summary.issued.length > 0) process.stderr.write('\n');
  const authority = CertificateAuthority.open(cachedStateDir);
  try {
    for (const ca of caNames) authority.publishCrl(ca);
  } finally {
    authority.close();
  }
  return {
    stateDir: cachedStateDir,
    issued: summary.issued.length,
    seconds: (performance.now() - started) / 1000,
  };
}
