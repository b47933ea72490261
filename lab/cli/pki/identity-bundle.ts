import type { CertificateAuthority } from '../../../pki/authority.ts';
import { caNames, type CaName } from '../../../pki/hierarchy.ts';

/** A certificate, its key and the CA certificates above it (not the root): what signers and exports take. */
export interface IdentityBundle {
  serial: string;
  certificatePem: string;
  privateKeyPem: string;
  chainPems: string[];
}

const isCa = (name: string | null): name is CaName => caNames.includes(name as CaName);

/** The current identity named `name`, with its issuing CA's certificate as the chain. */
export function identityBundle(authority: CertificateAuthority, name: string): IdentityBundle {
  const identity = authority.identity(name);
  const issuer = authority.record(identity.serial).issuer;
  return {
    serial: identity.serial,
    certificatePem: identity.certificatePem,
    privateKeyPem: identity.privateKeyPem,
    chainPems: isCa(issuer) && issuer !== 'root-ca' ? [authority.caPem(issuer)] : [],
  };
}
