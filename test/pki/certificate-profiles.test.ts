import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../pki/authority.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { openssl, writeTemp } from '../helpers/openssl.ts';

/** OpenSSL is the independent judge of every chain and profile the lab issues. */
describe('certificate profiles, checked by OpenSSL', () => {
  const dir = tempDir();
  let authority: CertificateAuthority;
  let rootFile: string;

  beforeAll(() => {
    authority = CertificateAuthority.init(dir);
    rootFile = writeTemp(dir, 'root.pem', authority.rootPem());
  });

  const text = (pem: string): string => openssl(['x509', '-noout', '-text'], pem).stdout;

  const verify = (chainPem: string, purpose: string): ReturnType<typeof openssl> => {
    const [leaf, ...intermediates] = chainPem.split(/(?=-----BEGIN CERTIFICATE-----)/);
    const untrusted = writeTemp(dir, `untrusted-${crypto.randomUUID()}.pem`, intermediates.join(''));
    const leafFile = writeTemp(dir, `leaf-${crypto.randomUUID()}.pem`, leaf ?? '');
    return openssl(['verify', '-CAfile', rootFile, '-untrusted', untrusted, '-purpose', purpose, leafFile]);
  };

  it('verifies a device certificate for TLS client use', () => {
    const pump = authority.issue({ name: 'pump-PL00001', role: 'device', deviceSerial: 'PL00001' });
    expect(verify(pump.chainPem, 'sslclient')).toMatchObject({ status: 0 });
  });

  it('does not verify a device certificate for TLS server use', () => {
    const pump = authority.issue({ name: 'pump-PL00002', role: 'device', deviceSerial: 'PL00002' });
    expect(verify(pump.chainPem, 'sslserver').status).not.toBe(0);
  });

  it('verifies a service certificate for both TLS server and client use', () => {
    const server = authority.issue({ name: 'pump-server', role: 'service', ipAddresses: ['127.0.0.1'] });
    expect(verify(server.chainPem, 'sslserver')).toMatchObject({ status: 0 });
    expect(verify(server.chainPem, 'sslclient')).toMatchObject({ status: 0 });
  });

  it('verifies an RSA-2048 device certificate when realism asks for RSA', () => {
    const pump = authority.issue({
      name: 'pump-rsa',
      role: 'device',
      deviceSerial: 'PLRSA',
      keyType: 'rsa-2048',
    });
    expect(verify(pump.chainPem, 'sslclient')).toMatchObject({ status: 0 });
    expect(text(pump.certificatePem)).toContain('Key Encipherment');
  });

  it('puts the pump serial in the subject and the device URI in the SAN', () => {
    const pump = authority.issue({ name: 'pump-PL00003', role: 'device', deviceSerial: 'PL00003' });
    const dump = text(pump.certificatePem);
    expect(dump).toMatch(/Subject:.*serialNumber = PL00003/);
    expect(dump).toContain('URI:urn:pumplab:pump:PL00003');
    expect(dump).toContain('TLS Web Client Authentication');
    expect(dump).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  });

  it('gives servers DNS and IP subject alternative names', () => {
    const ehr = authority.issue({
      name: 'ehr',
      role: 'service',
      dnsNames: ['ehr.pumplab.lab'],
      ipAddresses: ['127.0.2.1', '::1'],
    });
    const dump = text(ehr.certificatePem);
    expect(dump).toContain('DNS:ehr.pumplab.lab');
    expect(dump).toContain('IP Address:127.0.2.1');
    expect(dump).toContain('IP Address:0:0:0:0:0:0:0:1');
  });

  it('marks CAs with path length constraints and certificate signing usage', () => {
    expect(text(authority.rootPem())).toMatch(/CA:TRUE, pathlen:1/);
    const deviceCa = text(authority.caPem('device-ca'));
    expect(deviceCa).toMatch(/CA:TRUE, pathlen:0/);
    expect(deviceCa).toMatch(/Certificate Sign, CRL Sign/);
    expect(deviceCa).toContain('URI:http://pki.pumplab.lab/crl/root-ca.crl');
  });

  it('links every certificate to its issuer by key identifier', () => {
    const pump = authority.issue({ name: 'pump-PL00004', role: 'device', deviceSerial: 'PL00004' });
    const subjectKeyId = (pem: string): string =>
      /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(text(pem))?.[1] ?? 'none';
    const authorityKeyId = /Authority Key Identifier:\s*\n\s*(?:keyid:)?([0-9A-F:]+)/.exec(
      text(pump.certificatePem),
    )?.[1];
    expect(authorityKeyId).toBe(subjectKeyId(authority.caPem('device-ca')));
  });

  it('derives key identifiers exactly as OpenSSL does, for RSA and EC keys', () => {
    const subjectKeyId = (pem: string): string | undefined =>
      /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(text(pem))?.[1];
    for (const ca of ['root-ca', 'device-ca'] as const) {
      const serial = authority.list().find((record) => record.name === ca)?.serial ?? '';
      const keyFile = authority.store.layout.privateKey(serial);
      const made = openssl([
        'req',
        '-new',
        '-x509',
        '-key',
        keyFile,
        '-subj',
        '/CN=probe',
        '-addext',
        'subjectKeyIdentifier=hash',
      ]);
      expect(subjectKeyId(authority.caPem(ca))).toBe(subjectKeyId(made.stdout));
    }
  });

  it('issues code-signing certificates with only the code-signing purpose', () => {
    const signer = authority.issue({ name: 'library-signer', role: 'code-signing' });
    const dump = text(signer.certificatePem);
    expect(dump).toContain('Code Signing');
    expect(dump).not.toContain('TLS Web');
    expect(verify(signer.chainPem, 'any')).toMatchObject({ status: 0 });
  });

  it('publishes CRLs that OpenSSL verifies against their issuer and that list revoked serials', () => {
    const pump = authority.issue({ name: 'pump-PL00005', role: 'device', deviceSerial: 'PL00005' });
    authority.revoke(pump.serial, 'keyCompromise');
    const crlFile = authority.store.layout.crl('device-ca');
    const issuerFile = writeTemp(dir, 'device-ca.pem', authority.caPem('device-ca'));
    const checked = openssl(['crl', '-in', crlFile, '-noout', '-text', '-CAfile', issuerFile]);
    expect(checked.stderr).toContain('verify OK');
    expect(checked.stdout.replace(/:/g, '')).toContain(pump.serial.toUpperCase());
    expect(checked.stdout).toContain('Key Compromise');
    expect(checked.stdout).toMatch(/Next Update:/);
  });

  it('refuses a revoked certificate in OpenSSL path validation with CRL checking', () => {
    const pump = authority.issue({ name: 'pump-PL00006', role: 'device', deviceSerial: 'PL00006' });
    authority.revoke(pump.serial, 'keyCompromise');
    const crlFile = writeTemp(dir, 'all-crls.pem', authority.crlPems().join(''));
    const [leaf] = pump.chainPem.split(/(?=-----BEGIN CERTIFICATE-----)/);
    const leafFile = writeTemp(dir, 'revoked-leaf.pem', leaf ?? '');
    const untrusted = writeTemp(dir, 'device-ca-untrusted.pem', authority.caPem('device-ca'));
    const result = openssl([
      'verify',
      '-crl_check_all',
      '-CRLfile',
      crlFile,
      '-CAfile',
      rootFile,
      '-untrusted',
      untrusted,
      leafFile,
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/certificate revoked/);
  });
});
