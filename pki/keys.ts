import crypto, { type KeyObject } from 'node:crypto';
import { OID } from './asn1/oids.ts';

/** Key algorithms the lab issues. ECDSA P-256 is the default for devices (fast, small); RSA for realism. */
export const keyTypes = ['ec-p256', 'rsa-2048', 'rsa-3072'] as const;
export type KeyType = (typeof keyTypes)[number];

export interface KeyPair {
  type: KeyType;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Generates a key pair with Node's native crypto (about 0.06 ms for P-256, 150 ms for RSA-2048). */
export function generateKeyPair(type: KeyType): KeyPair {
  const pair =
    type === 'ec-p256'
      ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : crypto.generateKeyPairSync('rsa', { modulusLength: type === 'rsa-2048' ? 2048 : 3072 });
  return { type, ...pair };
}

/** The key type of a key object, or undefined for curves and sizes the lab does not issue. */
export function keyTypeOf(key: KeyObject): KeyType | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ec-p256';
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048) return 'rsa-2048';
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength === 3072) return 'rsa-3072';
  return undefined;
}

/** The signature algorithm OID a key of this kind signs with (SHA-256 throughout). */
export function signatureOidFor(key: KeyObject): string {
  return key.asymmetricKeyType === 'ec' ? OID.ecdsaWithSha256 : OID.sha256WithRsa;
}

/** Signs `data` natively: DER ECDSA-Sig-Value for EC (RFC 5480 2.2), PKCS#1 v1.5 for RSA. */
export function signNative(data: Buffer, key: KeyObject): Buffer {
  return crypto.sign('sha256', data, key);
}

/** Verifies a native signature made by `signNative`. */
export function verifyNative(data: Buffer, publicKey: KeyObject, signature: Buffer): boolean {
  return crypto.verify('sha256', data, publicKey, signature);
}

export const privateKeyToPem = (key: KeyObject): string =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();
export const publicKeyToDer = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKeyToDer(publicKey);
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  const outer = tlvHeader(spki, 0);
  const algorithm = tlvHeader(spki, outer.contentStart);
  const bitString = tlvHeader(spki, algorithm.contentStart + algorithm.length);
  // Skip the unused-bits octet (X.690 8.6.2.2); keys are whole octets.
  const key = spki.subarray(bitString.contentStart + 1, bitString.contentStart + bitString.length);
  return crypto.createHash('sha1').update(key).digest();
}

/** Reads a DER tag-length header at `offset` (X.690 8.1.3): where the contents start and how long. */
function tlvHeader(der: Buffer, offset: number): { contentStart: number; length: number } {
  const first = der[offset + 1] ?? 0;
  if (first < 0x80) return { contentStart: offset + 2, length: first };
  const octets = first & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i += 1) length = length * 256 + (der[offset + 2 + i] ?? 0);
  return { contentStart: offset + 2 + octets, length };
}
