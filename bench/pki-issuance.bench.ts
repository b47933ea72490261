/**
 * How fast the lab CA gives a fleet its identities: 10,000 EC P-256 device certificates and keys
 * into a fresh store with `issueMany`, against the obvious alternative, a shell loop of `openssl req
 * -x509` (timed on a sample and extrapolated; it signs each certificate with its own key, so it does
 * less work than a CA). `--quick` runs a tenth of it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CertificateAuthority } from '../pki/authority.ts';
import { pumpIdentity } from '../lab/setup/lab-identities.ts';
import { formatTable } from '../lab/cli/output.ts';

const quick = process.argv.includes('--quick');
const identities = quick ? 1_000 : 10_000;
/** Identities per transaction, as `pumplab up` issues them. */
const batchSize = 500;
const opensslSample = quick ? 30 : 300;
/** The openssl loop stops early after this long (seconds), so a slow machine still finishes. */
const opensslBudgetSeconds = quick ? 15 : 60;

interface Row {
  method: string;
  identities: number;
  seconds: number;
}

function timeIssueMany(work: string): Row {
  const authority = CertificateAuthority.init(path.join(work, 'state'));
  try {
    const requests = Array.from({ length: identities }, (_, index) => pumpIdentity(index + 1));
    const started = performance.now();
    for (let start = 0; start < requests.length; start += batchSize) {
      authority.issueMany(requests.slice(start, start + batchSize));
      if (process.stderr.isTTY) process.stderr.write(`\rissued ${Math.min(start + batchSize, identities)}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    return { method: `pumplab issueMany (${batchSize} a call)`, identities, seconds };
  } finally {
    authority.close();
  }
}

/** Times the openssl loop; returns undefined when there is no openssl. */
function timeOpensslLoop(work: string): Row | undefined {
  if (spawnSync('openssl', ['version']).status !== 0) return undefined;
  const script = `
    limit=$((SECONDS + ${opensslBudgetSeconds})); done=0
    for i in $(seq 1 ${opensslSample}); do
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k -out c \\
        -subj /CN=pump-$i -days 1825 2>/dev/null || exit 1
      done=$i
      [ "$SECONDS" -ge "$limit" ] && break
    done
    echo "$done"`;
  const started = performance.now();
  const run = spawnSync('bash', ['-c', script], { cwd: work, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`the openssl loop failed: ${run.stderr}`);
  return { method: 'openssl req -x509 loop', identities: Number(run.stdout.trim()), seconds };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pumplab-bench-'));
try {
  const lab = timeIssueMany(work);
  const measured = timeOpensslLoop(work);
  const rows: Row[] = [lab];
  if (measured) {
    rows.push(measured, {
      method: `openssl loop, extrapolated`,
      identities,
      seconds: (measured.seconds / measured.identities) * identities,
    });
  }
  console.log(
    formatTable(rows, [
      { header: 'METHOD', value: (row) => row.method },
      { header: 'IDENTITIES', value: (row) => String(row.identities) },
      { header: 'SECONDS', value: (row) => row.seconds.toFixed(2) },
      { header: 'MS/IDENTITY', value: (row) => ((row.seconds * 1000) / row.identities).toFixed(3) },
    ]),
  );
  const extrapolated = rows[2];
  if (extrapolated)
    console.log(
      `\npumplab is ${(extrapolated.seconds / lab.seconds).toFixed(1)}x faster than the openssl loop`,
    );
  else console.log('\nopenssl not found: the comparison is skipped');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
