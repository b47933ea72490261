import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { loadTlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { AdmissionService } from '../../../gateway/admission/admission-service.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import {
  credentialsOf,
  labPki,
  presentFrom,
  presentNothing,
  startAdmission,
  topology,
} from './admission-lab.ts';

const day = 86_400_000;
const dir = labPki(4);
let service: AdmissionService;
let rootPem: string;

beforeAll(async () => {
  service = await startAdmission(dir);
  rootPem = loadTlsMaterial(dir, 'pump-PL00001').ca;
});

describe('admission service', () => {
  it('admits a pump with a valid device certificate from the pump network', async () => {
    const result = await presentFrom(service, '127.10.0.57', credentialsOf(dir, 'pump-PL00001'));
    expect(result).toEqual({ verdict: 'admitted', identity: 'PL00001', zone: 'pump-network' });
    expect(service.table.isAdmitted('127.10.0.57')).toBe(true);
    expect(service.table.classify('127.10.0.57', 'pump-network')).toBe('pump-network');
    expect(service.log.query({ address: '127.10.0.57', limit: 1 })[0]).toMatchObject({
      verdict: 'admitted',
      identity: 'PL00001',
      zone: 'pump-network',
    });
  });

  it('quarantines a device whose certificate comes from another CA', async () => {
    const foreignDir = tempDir('pumplab-foreign-');
    const foreign = CertificateAuthority.init(foreignDir);
    const impostor = foreign.issue({ name: 'pump-PL00002', role: 'device', deviceSerial: 'PL00002' });
    foreign.close();
    const credentials = { key: impostor.privateKeyPem, cert: impostor.chainPem, ca: rootPem };
    const result = await presentFrom(service, '127.10.0.58', credentials);
    expect(result).toEqual({ verdict: 'quarantined', reason: 'untrusted-chain' });
    expect(service.table.classify('127.10.0.58', 'pump-network')).toBe('quarantine');
  });

  it('quarantines a lab server certificate as not a device', async () => {
    const result = await presentFrom(service, '127.10.0.59', credentialsOf(dir, 'pump-server'));
    expect(result).toEqual({ verdict: 'quarantined', reason: 'not-a-device' });
  });

  it('quarantines a client that presents no certificate', async () => {
    expect(await presentNothing(service, '127.10.0.60', rootPem)).toEqual({
      verdict: 'quarantined',
      reason: 'no-certificate',
    });
    expect(service.table.isAdmitted('127.10.0.60')).toBe(false);
  });

  it('does not admit a valid pump presenting from the enterprise zone', async () => {
    const result = await presentFrom(service, '127.40.0.9', credentialsOf(dir, 'pump-PL00002'));
    expect(result).toEqual({ verdict: 'quarantined', reason: 'outside-pump-zone' });
    expect(service.table.isAdmitted('127.40.0.9')).toBe(false);
    expect(service.log.query({ address: '127.40.0.9', limit: 1 })[0]).toMatchObject({
      zone: 'enterprise',
      identity: 'PL00002',
      verdict: 'quarantined',
    });
  });

  it('quarantines an expired device certificate', async () => {
    const authority = CertificateAuthority.open(dir);
    const old = authority.issue({
      name: 'pump-PL09999',
      role: 'device',
      deviceSerial: 'PL09999',
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    });
    authority.close();
    const credentials = { key: old.privateKeyPem, cert: old.chainPem, ca: rootPem };
    expect(await presentFrom(service, '127.10.0.61', credentials)).toEqual({
      verdict: 'quarantined',
      reason: 'expired',
    });
  });

  it('moves an admission when the same pump presents from a new address', async () => {
    const credentials = credentialsOf(dir, 'pump-PL00004');
    await presentFrom(service, '127.10.0.70', credentials);
    await presentFrom(service, '127.10.0.71', credentials);
    expect(service.table.isAdmitted('127.10.0.70')).toBe(false);
    expect(service.table.entry('127.10.0.71')?.identity).toBe('PL00004');
    expect(service.log.query({ address: '127.10.0.70', limit: 1 })[0]).toMatchObject({
      verdict: 'evicted',
      reason: 'moved',
    });
  });
});

describe('admission with the segmented zone policy', () => {
  const policy = readPolicyFile(shippedPolicyPath('segmented'), topology);
  const decide = (fromAddress: string): string =>
    policy.decide({
      fromAddress,
      fromZone: service.table.classify(fromAddress, topology.zoneOf(fromAddress)),
      toZone: 'clinical-servers',
      service: 'mqtt',
    }).verdict;

  it('lets an admitted pump reach the pump server over MQTT and denies a quarantined one', async () => {
    expect((await presentFrom(service, '127.10.0.100', credentialsOf(dir, 'pump-PL00003'))).verdict).toBe(
      'admitted',
    );
    expect(await presentNothing(service, '127.10.0.101', rootPem)).toMatchObject({ verdict: 'quarantined' });
    expect(decide('127.10.0.100')).toBe('allow');
    expect(decide('127.10.0.101')).toBe('deny');
  });

  it('denies a pump-network address that never asked for admission', () => {
    expect(decide('127.10.0.102')).toBe('deny');
  });
});
