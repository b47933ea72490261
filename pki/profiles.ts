import { OID } from './asn1/oids.ts';
import type { KeyType } from './keys.ts';
import type { KeyUsageName } from './extensions.ts';

/**
 * Certificate profiles: what each kind of certificate in the lab may do. SP 1800-8 (Vol B, 4.x)
 * puts a certificate from the hospital PKI on every pump and server; these profiles follow RFC 5280
 * and the CA/B Forum's habits where a hospital would too.
 */
export const roles = [
  'root-ca',
  'issuing-ca',
  'device',
  'server',
  'client',
  'service',
  'code-signing',
] as const;
export type Role = (typeof roles)[number];

/** Roles an end-entity certificate can have (what `pki issue` accepts). */
export const leafRoles = ['device', 'server', 'client', 'service', 'code-signing'] as const;
export type LeafRole = (typeof leafRoles)[number];

export interface Profile {
  /** Validity in days. */
  validityDays: number;
  ca: boolean;
  pathLength?: number;
  extendedKeyUsage: string[];
  keyUsage: (keyType: KeyType) => KeyUsageName[];
  defaultKeyType: KeyType;
}

/** RSA key exchange needs keyEncipherment; ECDHE with either key needs only digitalSignature. */
const tlsLeafUsage = (keyType: KeyType): KeyUsageName[] =>
  keyType === 'ec-p256' ? ['digitalSignature'] : ['digitalSignature', 'keyEncipherment'];

export const profiles: Record<Role, Profile> = {
  'root-ca': {
    validityDays: 20 * 365,
    ca: true,
    pathLength: 1,
    extendedKeyUsage: [],
    keyUsage: () => ['keyCertSign', 'cRLSign'],
    defaultKeyType: 'rsa-3072',
  },
  'issuing-ca': {
    validityDays: 10 * 365,
    ca: true,
    pathLength: 0,
    extendedKeyUsage: [],
    keyUsage: () => ['keyCertSign', 'cRLSign'],
    defaultKeyType: 'ec-p256',
  },
  // A pump keeps its identity for its service life between refurbishments: 5 years.
  device: {
    validityDays: 5 * 365,
    ca: false,
    extendedKeyUsage: [OID.clientAuth],
    keyUsage: tlsLeafUsage,
    defaultKeyType: 'ec-p256',
  },
  server: {
    validityDays: 398,
    ca: false,
    extendedKeyUsage: [OID.serverAuth],
    keyUsage: tlsLeafUsage,
    defaultKeyType: 'ec-p256',
  },
  client: {
    validityDays: 398,
    ca: false,
    extendedKeyUsage: [OID.clientAuth],
    keyUsage: tlsLeafUsage,
    defaultKeyType: 'ec-p256',
  },
  // A lab service both listens and connects out (the pump server to the EHR): both purposes.
  service: {
    validityDays: 398,
    ca: false,
    extendedKeyUsage: [OID.serverAuth, OID.clientAuth],
    keyUsage: tlsLeafUsage,
    defaultKeyType: 'ec-p256',
  },
  // Code signing stays RSA: node-forge's PKCS#7 signer, which OpenSSL verifies, signs RSA only.
  'code-signing': {
    validityDays: 3 * 365,
    ca: false,
    extendedKeyUsage: [OID.codeSigning],
    keyUsage: () => ['digitalSignature'],
    defaultKeyType: 'rsa-3072',
  },
};
