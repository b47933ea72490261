import type { KeyObject } from 'node:crypto';
import { buildCertificate, randomSerial } from './certificate-builder.ts';
import { formatName, type NameParts } from './distinguished-name.ts';
import { generateKeyPair, keyIdentifier, privateKeyToPem, type KeyType } from './keys.ts';
import { hierarchy, type CaName } from './hierarchy.ts';
import type { alternativeNames } from './leaf-extensions.ts';
import { extensionsFor } from './leaf-extensions.ts';
import { profiles, type Role } from './profiles.ts';
import type { IndexRow } from './store/certificate-index.ts';

const day = 86_400_000;
/** Allowance for clocks a little behind the CA's (RFC 5280 leaves this to the CA; 5 minutes is usual). */
const backdateMs = 5 * 60_000;

/** What to certify: a new key of `keyType` for `subject`, under `issuer` (none: self-signed root). */
export interface IdentitySpec {
  name: string;
  role: Role;
  subject: NameParts;
  issuer: CaName | undefined;
  keyType: KeyType;
  notBefore?: Date | undefined;
  notAfter?: Date | undefined;
  altNames?: ReturnType<typeof alternativeNames>;
  /** The issuance request as JSON, kept in the index for renewal. */
  request: string;
}

/** The issuer's signing key and key identifier; absent for a self-signed root. */
export interface IssuerKey {
  privateKey: KeyObject;
  keyId: Buffer;
}

/** A signed certificate, its new key, and the index row that records it. */
export interface SignedIdentity {
  row: IndexRow;
  certificatePem: string;
  privateKeyPem: string;
  privateKey: KeyObject;
}

/**
 * Generates a key and signs its certificate under the profile of `spec.role`, valid from `now`
 * (backdated 5 minutes) for the profile's validity unless the spec says otherwise. Writes nothing.
 */
export function signIdentity(spec: IdentitySpec, issuer: IssuerKey | undefined, now: number): SignedIdentity {
  const keys = generateKeyPair(spec.keyType);
  const notBefore = spec.notBefore ?? new Date(now - backdateMs);
  const notAfter = spec.notAfter ?? new Date(now + profiles[spec.role].validityDays * day);
  const serial = randomSerial();
  const certificatePem = buildCertificate({
    serialHex: serial,
    subject: spec.subject,
    issuer: spec.issuer ? hierarchy[spec.issuer].subject : spec.subject,
    publicKey: keys.publicKey,
    signingKey: issuer?.privateKey ?? keys.privateKey,
    notBefore,
    notAfter,
    extensions: extensionsFor({
      role: spec.role,
      keyType: spec.keyType,
      publicKey: keys.publicKey,
      issuerKeyId: issuer?.keyId ?? keyIdentifier(keys.publicKey),
      ...(spec.issuer ? { issuer: spec.issuer } : {}),
      ...(spec.altNames ? { altNames: spec.altNames } : {}),
    }),
  });
  const row: IndexRow = {
    serial,
    name: spec.name,
    role: spec.role,
    issuer: spec.issuer ?? null,
    subject: formatName(spec.subject),
    keyType: spec.keyType,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    status: 'valid',
    revokedAt: null,
    revocationReason: null,
    request: spec.request,
  };
  return {
    row,
    certificatePem,
    privateKeyPem: privateKeyToPem(keys.privateKey),
    privateKey: keys.privateKey,
  };
}
