import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import { exportPem, exportPkcs12, type ExportableIdentity } from '../../pki/pkcs12.ts';
import { pemBlocks } from '../../pki/asn1/der.ts';
import type { CaName } from '../../pki/hierarchy.ts';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { hasOpenssl, openssl, writeTemp } from '../helpers/openssl.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const password = 'correct horse battery staple';
let authority: CertificateAuthority;
let pump: Identity;
let server: Identity;

beforeAll(() => {
  authority = CertificateAuthority.init(tempDir());
  pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
  server = authority.issue({ name: 'ehr', role: 'server', keyType: 'rsa-2048', dnsNames: ['ehr.lab'] });
});
afterAll(() => authority.close());

const exportable = (identity: Identity, ca: CaName): ExportableIdentity => ({
  certificatePem: identity.certificatePem,
  privateKeyPem: identity.privateKeyPem,
  chainPems: [authority.caPem(ca)],
});

const spki = (key: crypto.KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });
/** True when the PEM private key in `text` is the key of `certificatePem`. */
function keyMatches(text: string, certificatePem: string): boolean {
  const [keyDer] = pemBlocks(text, 'PRIVATE KEY');
  if (!keyDer) return false;
  const publicKey = crypto.createPublicKey(
    crypto.createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' }),
  );
  return spki(publicKey).equals(spki(new crypto.X509Certificate(certificatePem).publicKey));
}

function codeOf(work: () => unknown): ErrorCode | 'no error' | 'not a pumplab error' {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

describe('PEM and PKCS#12 export', () => {
  it('exports PEM with the certificate, its chain and the matching key', () => {
    const pem = exportPem(exportable(pump, 'device-ca'));
    expect(pemBlocks(pem, 'CERTIFICATE')).toEqual([
      ...pemBlocks(pump.certificatePem, 'CERTIFICATE'),
      ...pemBlocks(authority.caPem('device-ca'), 'CERTIFICATE'),
    ]);
    expect(keyMatches(pem, pump.certificatePem)).toBe(true);
  });

  it('refuses an empty PKCS#12 password', () => {
    expect(codeOf(() => exportPkcs12(exportable(pump, 'device-ca'), '', 'pump-1'))).toBe('INPUT_INVALID');
  });

  it('refuses a key that is not the certificate key', () => {
    const mixed = { ...exportable(pump, 'device-ca'), privateKeyPem: server.privateKeyPem };
    expect(codeOf(() => exportPkcs12(mixed, password, 'pump-1'))).toBe('INPUT_INVALID');
  });
});

describe.skipIf(!hasOpenssl())('PKCS#12 import with OpenSSL (openssl not found on PATH)', () => {
  const dir = tempDir();
  const importP12 = (p12: Buffer, passphrase: string) =>
    openssl([
      'pkcs12',
      '-in',
      writeTemp(dir, 'identity.p12', p12),
      '-passin',
      `pass:${passphrase}`,
      '-nodes',
    ]);

  it.each([
    ['an EC P-256 device identity', () => pump, 'device-ca' as const],
    ['an RSA server identity', () => server, 'infrastructure-ca' as const],
  ])('imports %s with its chain and matching key', (_label, identityOf, ca) => {
    const identity = identityOf();
    const result = importP12(exportPkcs12(exportable(identity, ca), password, identity.name), password);
    expect(result.status).toBe(0);
    expect(pemBlocks(result.stdout, 'CERTIFICATE')).toEqual([
      ...pemBlocks(identity.certificatePem, 'CERTIFICATE'),
      ...pemBlocks(authority.caPem(ca), 'CERTIFICATE'),
    ]);
    expect(result.stdout).toContain(`friendlyName: ${identity.name}`);
    expect(keyMatches(result.stdout, identity.certificatePem)).toBe(true);
  });

  it('fails in OpenSSL with the wrong password', () => {
    const result = importP12(
      exportPkcs12(exportable(pump, 'device-ca'), password, 'pump-1'),
      'wrong password',
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('PRIVATE KEY');
  });

  it('protects the file with an HMAC-SHA256 MAC and PBES2 AES-256 key encryption', () => {
    const p12 = writeTemp(dir, 'info.p12', exportPkcs12(exportable(pump, 'device-ca'), password, 'pump-1'));
    const result = openssl(['pkcs12', '-in', p12, '-passin', `pass:${password}`, '-info', '-noout']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/MAC: sha256, Iteration 2048/);
    expect(result.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048/);
  });
});
