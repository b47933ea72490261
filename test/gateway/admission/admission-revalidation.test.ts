import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { loadTlsMaterial } from '../../../pki/tls/tls-material.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { credentialsOf, labPki, presentFrom, startAdmission } from './admission-lab.ts';

const day = 86_400_000;
const dir = labPki(3);

/** Revokes the current certificate of the lab identity `name` (which republishes its CA's CRL). */
function revoke(name: string): void {
  const authority = CertificateAuthority.open(dir);
  try {
    authority.revoke(authority.identity(name).serial, 'keyCompromise');
  } finally {
    authority.close();
  }
}

describe('admission after revocation', () => {
  it('evicts an admitted device on revalidate once it is revoked, and quarantines it after', async () => {
    // No polling: only revalidate() may evict here.
    const service = await startAdmission(dir, { crlReloadMs: 3_600_000 });
    const credentials = credentialsOf(dir, 'pump-PL00001');
    expect((await presentFrom(service, '127.10.0.80', credentials)).verdict).toBe('admitted');
    revoke('pump-PL00001');
    expect(service.table.isAdmitted('127.10.0.80')).toBe(true);
    expect(service.revalidate()).toEqual([
      expect.objectContaining({
        address: '127.10.0.80',
        identity: 'PL00001',
        verdict: 'evicted',
        reason: 'revoked',
      }),
    ]);
    expect(service.table.classify('127.10.0.80', 'pump-network')).toBe('quarantine');
    expect(await presentFrom(service, '127.10.0.80', credentials)).toEqual({
      verdict: 'quarantined',
      reason: 'revoked',
    });
  });

  it('evicts a newly revoked device by itself when the CRL file changes', async () => {
    const service = await startAdmission(dir, { crlReloadMs: 50 });
    const credentials = credentialsOf(dir, 'pump-PL00002');
    expect((await presentFrom(service, '127.10.0.90', credentials)).verdict).toBe('admitted');
    revoke('pump-PL00002');
    await waitFor(() => !service.table.isAdmitted('127.10.0.90'), 'the revoked pump to be evicted', 10_000);
    expect(service.log.query({ verdict: 'evicted', limit: 1 })[0]).toMatchObject({
      identity: 'PL00002',
      reason: 'revoked',
    });
  });

  it('keeps a valid device admitted through revalidation', async () => {
    const service = await startAdmission(dir, { crlReloadMs: 3_600_000 });
    await presentFrom(service, '127.10.0.95', credentialsOf(dir, 'pump-PL00003'));
    expect(service.revalidate()).toEqual([]);
    expect(service.table.isAdmitted('127.10.0.95')).toBe(true);
  });
});

describe('admission as lab time passes', () => {
  it('evicts a device whose certificate expires after it was admitted', async () => {
    const clock = new ManualClock(Date.now());
    const service = await startAdmission(dir, { clock, crlReloadMs: 3_600_000 });
    const authority = CertificateAuthority.open(dir);
    const shortLived = authority.issue({
      name: 'pump-PL08888',
      role: 'device',
      deviceSerial: 'PL08888',
      notAfter: new Date(clock.now() + day),
    });
    authority.close();
    const rootPem = loadTlsMaterial(dir, 'pump-PL00003').ca;
    const credentials = { key: shortLived.privateKeyPem, cert: shortLived.chainPem, ca: rootPem };
    expect((await presentFrom(service, '127.10.0.96', credentials)).verdict).toBe('admitted');
    clock.advance(2 * day);
    expect(service.revalidate()).toEqual([
      expect.objectContaining({ identity: 'PL08888', reason: 'expired' }),
    ]);
  });
});
