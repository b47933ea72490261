import type { Clock } from '../../core/clock.ts';
import { CertificateAuthority } from '../../pki/authority.ts';
import { signDetached } from '../../pki/code-signing/sign-detached.ts';
import { caNames, type CaName } from '../../pki/hierarchy.ts';

/** A detached signature and who made it, when. */
export interface ReleaseSignature {
  signature: Buffer;
  signer: string;
  signerSerial: string;
  signedAt: string;
}

/** Signs release bytes with the server's code-signing identity. */
export type ReleaseSigner = (content: Buffer) => ReleaseSignature;

const isIssuingCa = (name: string | null): name is CaName =>
  name !== 'root-ca' && caNames.includes(name as CaName);

/**
 * A signer that uses the code-signing identity `signerName` of the PKI in `stateDir`, read afresh
 * for every signature so a renewed certificate is used at once. The signature is a detached CMS
 * SignedData (RFC 5652) carrying the signer's certificate and its issuing CA: a pump needs only the
 * lab root to verify it (SP 1800-8 Vol B: signed drug libraries and firmware).
 * @example const sign = releaseSigner('.pumplab', 'drug-library-signer', clock); sign(bytes)
 */
export function releaseSigner(stateDir: string, signerName: string, clock: Clock): ReleaseSigner {
  return (content) => {
    const authority = CertificateAuthority.open(stateDir);
    try {
      const identity = authority.identity(signerName);
      const issuer = authority.record(identity.serial).issuer;
      const chainPems = isIssuingCa(issuer) ? [authority.caPem(issuer)] : [];
      const signedAt = new Date(clock.now());
      const { certificatePem, privateKeyPem } = identity;
      return {
        signature: signDetached(content, { certificatePem, privateKeyPem, chainPems }, signedAt),
        signer: signerName,
        signerSerial: identity.serial,
        signedAt: signedAt.toISOString(),
      };
    } finally {
      authority.close();
    }
  };
}
