import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import { signDetached, toPemSignature, type CodeSigner } from '../../pki/code-signing/sign-detached.ts';
import { verifyDetached, type SignatureTrust } from '../../pki/code-signing/verify-detached.ts';
import { issuerForRole } from '../../pki/hierarchy.ts';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { hasOpenssl, openssl, writeTemp } from '../helpers/openssl.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const library = Buffer.from(
  JSON.stringify({ version: '2025.1', drugs: [{ name: 'heparin', unit: 'units/h', hardMax: 2000 }] }),
);
const signingTime = new Date('2025-03-01T08:30:00Z');

let authority: CertificateAuthority;
let foreign: CertificateAuthority;
let signer: Identity;

beforeAll(() => {
  authority = CertificateAuthority.init(tempDir());
  foreign = CertificateAuthority.init(tempDir());
  signer = authority.issue({ name: 'library-signer', role: 'code-signing' });
});
afterAll(() => {
  authority.close();
  foreign.close();
});

/** The signer as `signDetached` takes it: certificate, key, and the issuing CA of its role. */
const asSigner = (identity: Identity, lab: CertificateAuthority = authority): CodeSigner => {
  const role = lab.record(identity.serial).role as keyof typeof issuerForRole;
  return {
    certificatePem: identity.certificatePem,
    privateKeyPem: identity.privateKeyPem,
    chainPems: [lab.caPem(issuerForRole[role])],
  };
};
const trust = (): SignatureTrust => ({
  trustAnchorPem: authority.rootPem(),
  crlPems: authority.crlPems(),
  at: new Date(),
});

function codeOf(work: () => unknown): ErrorCode | 'no error' | 'not a pumplab error' {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

const tampered = (content: Buffer): Buffer => Buffer.from(content.toString().replace('2000', '20000'));

describe('detached code signatures (CMS, RFC 5652)', () => {
  it('accepts a drug library signed by the lab code-signing certificate', () => {
    const signature = signDetached(library, asSigner(signer), signingTime);
    expect(verifyDetached(library, signature, trust())).toEqual({
      signerSubject: expect.stringContaining('CN=library-signer'),
      signerSerial: signer.serial,
      signingTime,
    });
  });

  it('accepts the same signature in PEM armour', () => {
    const pem = toPemSignature(signDetached(library, asSigner(signer), signingTime));
    expect(pem).toMatch(/^-----BEGIN CMS-----\n/);
    expect(verifyDetached(library, pem, trust()).signerSerial).toBe(signer.serial);
    expect(verifyDetached(library, Buffer.from(pem), trust()).signerSerial).toBe(signer.serial);
  });

  it('rejects a library changed after signing', () => {
    const signature = signDetached(library, asSigner(signer), signingTime);
    expect(codeOf(() => verifyDetached(tampered(library), signature, trust()))).toBe('PKI_SIGNATURE_INVALID');
  });

  it('rejects a signature whose signed attributes were altered', () => {
    const signature = signDetached(library, asSigner(signer), signingTime);
    // The UTCTime of signingTime sits in the signed attributes: change its last digit.
    const at = signature.indexOf(Buffer.from('250301083000Z'));
    signature[at + 11] = '1'.charCodeAt(0);
    expect(codeOf(() => verifyDetached(library, signature, trust()))).toBe('PKI_SIGNATURE_INVALID');
  });

  it('rejects a library signed with a service certificate as the wrong usage', () => {
    // forge signs with RSA only, so this service identity gets an RSA key.
    const service = authority.issue({ name: 'pump-server', role: 'service', keyType: 'rsa-2048' });
    const signature = signDetached(library, asSigner(service), signingTime);
    expect(codeOf(() => verifyDetached(library, signature, trust()))).toBe('PKI_CERT_WRONG_USAGE');
  });

  it("rejects a library signed by a foreign lab's code-signing certificate", () => {
    const stranger = foreign.issue({ name: 'library-signer', role: 'code-signing' });
    const signature = signDetached(library, asSigner(stranger, foreign), signingTime);
    expect(codeOf(() => verifyDetached(library, signature, trust()))).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a library signed by a revoked code-signing certificate', () => {
    const revoked = authority.issue({ name: 'old-signer', role: 'code-signing' });
    const signature = signDetached(library, asSigner(revoked), signingTime);
    authority.revoke(revoked.serial, 'keyCompromise');
    expect(codeOf(() => verifyDetached(library, signature, trust()))).toBe('PKI_CERT_REVOKED');
  });

  it.each([
    ['random bytes', crypto.randomBytes(64)],
    ['a DER SEQUENCE that is not CMS', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])],
    ['text', 'not a signature'],
    ['a certificate', () => authority.rootPem()],
  ])('rejects %s as a malformed signature', (_label, input) => {
    const signature = typeof input === 'function' ? input() : input;
    expect(codeOf(() => verifyDetached(library, signature, trust()))).toBe('PKI_SIGNATURE_MALFORMED');
  });

  it('refuses to sign with an EC key', () => {
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    expect(codeOf(() => signDetached(library, asSigner(pump), signingTime))).toBe('INPUT_INVALID');
  });
});

describe.skipIf(!hasOpenssl())('code signatures against OpenSSL cms (openssl not found on PATH)', () => {
  let dir: string;
  let files: { root: string; library: string; certificate: string; key: string; ca: string };
  beforeAll(() => {
    dir = tempDir();
    files = {
      root: writeTemp(dir, 'root.pem', authority.rootPem()),
      library: writeTemp(dir, 'library.json', library),
      certificate: writeTemp(dir, 'signer.pem', signer.certificatePem),
      key: writeTemp(dir, 'signer.key', signer.privateKeyPem),
      ca: writeTemp(dir, 'code-signing-ca.pem', authority.caPem('code-signing-ca')),
    };
  });
  const opensslVerify = (signatureFile: string, contentFile: string) =>
    openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      signatureFile,
      '-content',
      contentFile,
      '-CAfile',
      files.root,
      '-purpose',
      'any',
      '-out',
      path.join(dir, 'verified.out'),
    ]);

  it('OpenSSL verifies our signature over the library', () => {
    const signature = writeTemp(dir, 'ours.p7s', signDetached(library, asSigner(signer), signingTime));
    const result = opensslVerify(signature, files.library);
    expect(result.stderr).toContain('Verification successful');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'verified.out'))).toEqual(library);
  });

  it('OpenSSL rejects our signature over a changed library', () => {
    const signature = writeTemp(dir, 'ours.p7s', signDetached(library, asSigner(signer), signingTime));
    const changed = writeTemp(dir, 'changed.json', tampered(library));
    expect(opensslVerify(signature, changed).status).not.toBe(0);
  });

  it("our verifier accepts OpenSSL's signature made with the lab key", () => {
    const out = path.join(dir, 'openssl.p7s');
    const signed = openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-in',
      files.library,
      '-signer',
      files.certificate,
      '-inkey',
      files.key,
      '-certfile',
      files.ca,
      '-outform',
      'DER',
      '-out',
      out,
    ]);
    expect(signed.status).toBe(0);
    const result = verifyDetached(library, fs.readFileSync(out), trust());
    expect(result.signerSerial).toBe(signer.serial);
    expect(result.signingTime).toBeInstanceOf(Date);
    expect(codeOf(() => verifyDetached(tampered(library), fs.readFileSync(out), trust()))).toBe(
      'PKI_SIGNATURE_INVALID',
    );
  });
});
