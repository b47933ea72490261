import type { KeyType } from './keys.ts';
import type { LeafRole } from './profiles.ts';
import type { NameParts } from './distinguished-name.ts';

/** The hospital's organisation name on every lab certificate. */
export const organization = 'pumplab General Hospital (lab)';

export const caNames = ['root-ca', 'device-ca', 'infrastructure-ca', 'code-signing-ca'] as const;
export type CaName = (typeof caNames)[number];
export type IssuingCaName = Exclude<CaName, 'root-ca'>;

export interface CaDefinition {
  name: CaName;
  subject: NameParts;
  keyType: KeyType;
}

/**
 * A root with three issuing CAs, one per population, so a compromise or a CRL of one does not touch
 * the others (SP 1800-8 Vol B 5.x: separate device and infrastructure identities). Code signing
 * stays RSA because node-forge's PKCS#7 signer (which OpenSSL verifies) handles RSA keys only.
 */
export const hierarchy: Record<CaName, CaDefinition> = {
  'root-ca': {
    name: 'root-ca',
    subject: { organization, organizationalUnit: 'Clinical PKI', commonName: 'pumplab Root CA' },
    keyType: 'rsa-3072',
  },
  'device-ca': {
    name: 'device-ca',
    subject: { organization, organizationalUnit: 'Clinical PKI', commonName: 'pumplab Device Issuing CA' },
    keyType: 'ec-p256',
  },
  'infrastructure-ca': {
    name: 'infrastructure-ca',
    subject: {
      organization,
      organizationalUnit: 'Clinical PKI',
      commonName: 'pumplab Infrastructure Issuing CA',
    },
    keyType: 'ec-p256',
  },
  'code-signing-ca': {
    name: 'code-signing-ca',
    subject: { organization, organizationalUnit: 'Clinical PKI', commonName: 'pumplab Code Signing CA' },
    keyType: 'rsa-3072',
  },
};

/** Which issuing CA signs each kind of end-entity certificate. */
export const issuerForRole: Record<LeafRole, IssuingCaName> = {
  device: 'device-ca',
  server: 'infrastructure-ca',
  client: 'infrastructure-ca',
  service: 'infrastructure-ca',
  'code-signing': 'code-signing-ca',
};

/** Where relying parties fetch a CA's CRL (RFC 5280 4.2.1.13); the lab serves the same files. */
export const crlUrl = (ca: CaName): string => `http://pki.pumplab.lab/crl/${ca}.crl`;
