import crypto, { type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import { verifyCertificate, type Purpose } from '../../pki/chain-verifier.ts';
import { readCrl, verifyCrlSignature } from '../../pki/crl-reader.ts';
import { buildCertificate, randomSerial } from '../../pki/certificate-builder.ts';
import { hierarchy, type CaName } from '../../pki/hierarchy.ts';
import { generateKeyPair, keyIdentifier } from '../../pki/keys.ts';
import { OID } from '../../pki/asn1/oids.ts';
import { pemBlocks, toPem } from '../../pki/asn1/der.ts';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  keyUsage,
  subjectKeyIdentifier,
  type KeyUsageName,
} from '../../pki/extensions.ts';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { hasOpenssl, openssl, writeTemp } from '../helpers/openssl.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const day = 86_400_000;
let authority: CertificateAuthority;
let foreign: CertificateAuthority;

beforeAll(() => {
  authority = CertificateAuthority.init(tempDir());
  foreign = CertificateAuthority.init(tempDir());
});
afterAll(() => {
  authority.close();
  foreign.close();
});

/** Verifies with every lab CA offered as an intermediate, the lab root and the current CRLs. */
function verify(pem: string, purpose: Purpose, overrides: { at?: Date; crlPems?: string[] } = {}) {
  return verifyCertificate({
    certificatePem: pem,
    intermediatePems: (['device-ca', 'infrastructure-ca', 'code-signing-ca'] as const).map((ca) =>
      authority.caPem(ca),
    ),
    trustAnchorPem: authority.rootPem(),
    crlPems: overrides.crlPems ?? authority.crlPems(),
    at: overrides.at ?? new Date(),
    purpose,
  });
}

function codeOf(work: () => unknown): ErrorCode | 'no error' | 'not a pumplab error' {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

let counter = 0;
const device = (extra: { notBefore?: Date; notAfter?: Date } = {}): Identity => {
  counter += 1;
  return authority.issue({ name: `pump-${counter}`, role: 'device', deviceSerial: `PL${counter}`, ...extra });
};

/** A certificate the lab CA would never issue, signed by `ca`'s real key: for the checks CAs rely on. */
function crafted(options: {
  signer: { key: KeyObject; subject: (typeof hierarchy)[CaName]['subject'] };
  ca?: boolean;
  usages: KeyUsageName[];
}): { pem: string; key: KeyObject; subject: (typeof hierarchy)[CaName]['subject'] } {
  const keys = generateKeyPair('ec-p256');
  const subject = { organization: 'pumplab General Hospital (lab)', commonName: `crafted-${randomSerial()}` };
  const pem = buildCertificate({
    serialHex: randomSerial(),
    subject,
    issuer: options.signer.subject,
    publicKey: keys.publicKey,
    signingKey: options.signer.key,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + day),
    extensions: [
      basicConstraints(options.ca ?? false),
      keyUsage(options.usages),
      subjectKeyIdentifier(keyIdentifier(keys.publicKey)),
      authorityKeyIdentifier(keyIdentifier(crypto.createPublicKey(options.signer.key))),
      extendedKeyUsage([OID.clientAuth]),
    ],
  });
  return { pem, key: keys.privateKey, subject };
}

const caSigner = (ca: CaName) => ({
  key: authority.store.privateKey(authority.list().find((r) => r.name === ca)?.serial ?? ''),
  subject: hierarchy[ca].subject,
});

describe('certificate path validation (RFC 5280 section 6)', () => {
  it('accepts a device certificate for clientAuth and names its chain', () => {
    const pump = device();
    const result = verify(pump.certificatePem, 'clientAuth');
    expect(result.serial).toBe(pump.serial);
    expect(result.subject).toContain('CN=pump-');
    expect(result.issuers).toEqual([
      expect.stringContaining('CN=pumplab Device Issuing CA'),
      expect.stringContaining('CN=pumplab Root CA'),
    ]);
  });

  it('accepts a service certificate for both serverAuth and clientAuth', () => {
    const service = authority.issue({ name: 'pump-server', role: 'service', dnsNames: ['pumps.lab'] });
    expect(verify(service.certificatePem, 'serverAuth').serial).toBe(service.serial);
    expect(verify(service.certificatePem, 'clientAuth').serial).toBe(service.serial);
  });

  it('accepts a code-signing certificate for codeSigning', () => {
    const signer = authority.issue({ name: 'library-signer', role: 'code-signing' });
    expect(verify(signer.certificatePem, 'codeSigning').serial).toBe(signer.serial);
  });

  it('rejects a device certificate from a foreign lab as untrusted', () => {
    const stranger = foreign.issue({ name: 'pump-x', role: 'device', deviceSerial: 'X1' });
    const code = codeOf(() =>
      verifyCertificate({
        certificatePem: stranger.certificatePem,
        intermediatePems: [foreign.caPem('device-ca')],
        trustAnchorPem: authority.rootPem(),
        crlPems: authority.crlPems(),
        at: new Date(),
        purpose: 'clientAuth',
      }),
    );
    expect(code).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a self-signed certificate that is not the trust anchor', () => {
    expect(codeOf(() => verify(foreign.rootPem(), 'clientAuth'))).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a certificate whose signature was altered', () => {
    const der = pemBlocks(device().certificatePem, 'CERTIFICATE')[0] ?? Buffer.alloc(0);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0x01;
    expect(codeOf(() => verify(toPem('CERTIFICATE', der), 'clientAuth'))).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a certificate issued by an end entity that is not a CA', () => {
    const rogue = crafted({ signer: caSigner('device-ca'), usages: ['digitalSignature', 'keyCertSign'] });
    const leaf = crafted({
      signer: { key: rogue.key, subject: { ...rogue.subject } },
      usages: ['digitalSignature'],
    });
    const code = codeOf(() =>
      verifyCertificate({
        certificatePem: leaf.pem,
        intermediatePems: [rogue.pem, authority.caPem('device-ca')],
        trustAnchorPem: authority.rootPem(),
        crlPems: authority.crlPems(),
        at: new Date(),
        purpose: 'clientAuth',
      }),
    );
    expect(code).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a CA below an issuing CA whose path length is zero', () => {
    const subCa = crafted({ signer: caSigner('device-ca'), ca: true, usages: ['keyCertSign', 'cRLSign'] });
    const leaf = crafted({
      signer: { key: subCa.key, subject: subCa.subject },
      usages: ['digitalSignature'],
    });
    const code = codeOf(() =>
      verifyCertificate({
        certificatePem: leaf.pem,
        intermediatePems: [subCa.pem, authority.caPem('device-ca')],
        trustAnchorPem: authority.rootPem(),
        crlPems: authority.crlPems(),
        at: new Date(),
        purpose: 'clientAuth',
      }),
    );
    expect(code).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects an expired certificate', () => {
    const old = device({ notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    expect(codeOf(() => verify(old.certificatePem, 'clientAuth'))).toBe('PKI_CERT_EXPIRED');
  });

  it('rejects a certificate that is not valid yet', () => {
    const early = device({
      notBefore: new Date(Date.now() + day),
      notAfter: new Date(Date.now() + 10 * day),
    });
    expect(codeOf(() => verify(early.certificatePem, 'clientAuth'))).toBe('PKI_CERT_NOT_YET_VALID');
  });

  it('rejects a revoked certificate once its issuer publishes the CRL', () => {
    const pump = device();
    const before = authority.crlPems();
    authority.revoke(pump.serial, 'keyCompromise');
    expect(codeOf(() => verify(pump.certificatePem, 'clientAuth'))).toBe('PKI_CERT_REVOKED');
    expect(codeOf(() => verify(pump.certificatePem, 'clientAuth', { crlPems: before }))).toBe('no error');
  });

  it('rejects every certificate below a revoked issuing CA', () => {
    const lab = CertificateAuthority.init(tempDir());
    const pump = lab.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    lab.revoke(lab.list().find((r) => r.name === 'device-ca')?.serial ?? '', 'cACompromise');
    const code = codeOf(() =>
      verifyCertificate({
        certificatePem: pump.certificatePem,
        intermediatePems: [lab.caPem('device-ca')],
        trustAnchorPem: lab.rootPem(),
        crlPems: lab.crlPems(),
        at: new Date(),
        purpose: 'clientAuth',
      }),
    );
    lab.close();
    expect(code).toBe('PKI_CERT_REVOKED');
  });

  it('rejects a path when the issuer CRL is missing', () => {
    const pump = device();
    const crlPems = [authority.store.crlPem('root-ca') ?? ''];
    expect(codeOf(() => verify(pump.certificatePem, 'clientAuth', { crlPems }))).toBe('PKI_CRL_INVALID');
  });

  it('rejects a path when the CRL is past its nextUpdate', () => {
    const pump = device({ notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 30 * day) });
    const at = new Date(Date.now() + 8 * day);
    expect(codeOf(() => verify(pump.certificatePem, 'clientAuth', { at }))).toBe('PKI_CRL_INVALID');
  });

  it('rejects a CRL signed by another key under the same issuer name', () => {
    const pump = device();
    const crlPems = [authority.store.crlPem('root-ca') ?? '', foreign.store.crlPem('device-ca') ?? ''];
    expect(codeOf(() => verify(pump.certificatePem, 'clientAuth', { crlPems }))).toBe('PKI_CRL_INVALID');
  });

  it('rejects a device certificate offered for serverAuth', () => {
    expect(codeOf(() => verify(device().certificatePem, 'serverAuth'))).toBe('PKI_CERT_WRONG_USAGE');
  });

  it('rejects a code-signing certificate offered for TLS', () => {
    const signer = authority.issue({ name: 'firmware-signer', role: 'code-signing' });
    expect(codeOf(() => verify(signer.certificatePem, 'clientAuth'))).toBe('PKI_CERT_WRONG_USAGE');
  });

  it('rejects a leaf whose keyUsage lacks digitalSignature', () => {
    const leaf = crafted({ signer: caSigner('device-ca'), usages: ['keyEncipherment'] });
    expect(codeOf(() => verify(leaf.pem, 'clientAuth'))).toBe('PKI_CERT_WRONG_USAGE');
  });
});

describe('CRL reader', () => {
  it('reads the revoked serials, reasons and number of a lab CRL', () => {
    const lab = CertificateAuthority.init(tempDir());
    const first = lab.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    const second = lab.issue({ name: 'pump-2', role: 'device', deviceSerial: 'PL2' });
    lab.revoke(first.serial, 'keyCompromise');
    const pem = lab.revoke(second.serial, 'superseded') && (lab.store.crlPem('device-ca') ?? '');
    const crl = readCrl(pem);
    expect(crl.revoked.map((entry) => [entry.serial, entry.reason]).sort()).toEqual(
      [
        [first.serial, 'keyCompromise'],
        [second.serial, 'superseded'],
      ].sort(),
    );
    expect(crl.number).toBe(3);
    expect(crl.nextUpdate?.getTime()).toBe(crl.thisUpdate.getTime() + 7 * day);
    expect(verifyCrlSignature(crl, lab.caPem('device-ca'))).toBe(true);
    expect(verifyCrlSignature(crl, lab.caPem('infrastructure-ca'))).toBe(false);
    lab.close();
  });

  it('refuses input that is not a CRL', () => {
    expect(codeOf(() => readCrl(Buffer.from('not a crl')))).toBe('PKI_CRL_INVALID');
    expect(codeOf(() => readCrl(authority.rootPem()))).toBe('PKI_CRL_INVALID');
    expect(codeOf(() => readCrl(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe('PKI_CRL_INVALID');
  });
});

describe.skipIf(!hasOpenssl())('CRL reader against OpenSSL (openssl not found on PATH)', () => {
  it('agrees with openssl crl on the revoked serials', () => {
    const pumps = [device(), device(), device()];
    for (const pump of pumps) authority.revoke(pump.serial, 'cessationOfOperation');
    const pem = authority.store.crlPem('device-ca') ?? '';
    const file = writeTemp(tempDir(), 'device-ca.crl', pem);
    const result = openssl(['crl', '-in', file, '-noout', '-text']);
    expect(result.status).toBe(0);
    const listed = [...result.stdout.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]?.toLowerCase());
    expect(
      readCrl(pem)
        .revoked.map((entry) => entry.serial)
        .sort(),
    ).toEqual(listed.sort());
    expect(listed).toEqual(expect.arrayContaining(pumps.map((pump) => pump.serial)));
  });
});
