import { X509Certificate } from 'node:crypto';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { OID } from '../../pki/asn1/oids.ts';
import { verifyCertificate } from '../../pki/chain-verifier.ts';
import { deviceSerialOf } from '../../pki/leaf-extensions.ts';
import type { AdmittedCertificate } from './admission-table.ts';

/** Why a device was not admitted: stable words the log, the dashboard and the device all see. */
export const quarantineReasons = [
  'no-certificate',
  'untrusted-chain',
  'not-a-device',
  'revoked',
  'expired',
  'not-yet-valid',
  /** No current CRL to check against: admission fails closed (RFC 5280 6.3.3). */
  'revocation-unknown',
  'outside-pump-zone',
  'handshake-failed',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

/** What the gateway trusts when it checks a device: the lab root, its issuing CAs, their CRLs. */
export interface DeviceTrust {
  rootPem: string;
  /** The device CA: the only issuer of pump identities (hierarchy.ts: one issuing CA per population). */
  deviceCaPem: string;
  /** Every lab issuing CA, so a lab certificate of another kind is named as such, not as foreign. */
  issuingCaPems: string[];
  crlPems: string[];
}

export type DeviceCheck =
  { ok: true; identity: string; certificate: AdmittedCertificate } | { ok: false; reason: QuarantineReason };

/** Each path-validation failure of chain-verifier.ts and the reason the device is told. */
const reasonFor: Partial<Record<ErrorCode, QuarantineReason>> = {
  PKI_CERT_REVOKED: 'revoked',
  PKI_CERT_EXPIRED: 'expired',
  PKI_CERT_NOT_YET_VALID: 'not-yet-valid',
  PKI_CERT_WRONG_USAGE: 'not-a-device',
  PKI_CRL_INVALID: 'revocation-unknown',
};

/**
 * Checks a presented certificate as an EAP-TLS authenticator checks a supplicant (RFC 5216 5.3):
 * its path to the lab root at `at` with revocation (RFC 5280 6), then that it is a pump identity —
 * issued by the device CA, for client authentication only, naming one `urn:pumplab:pump:SERIAL`.
 *
 * @example checkDeviceCertificate(socket.getPeerX509Certificate()?.toString(), trust, new Date(clock.now()))
 */
export function checkDeviceCertificate(
  certificatePem: string | undefined,
  trust: DeviceTrust,
  at: Date,
): DeviceCheck {
  if (certificatePem === undefined) return { ok: false, reason: 'no-certificate' };
  let serial: string;
  try {
    serial = verifyCertificate({
      certificatePem,
      intermediatePems: trust.issuingCaPems,
      trustAnchorPem: trust.rootPem,
      crlPems: trust.crlPems,
      at,
      purpose: 'clientAuth',
    }).serial;
  } catch (error) {
    const reason = isPumplabError(error) ? reasonFor[error.code] : undefined;
    return { ok: false, reason: reason ?? 'untrusted-chain' };
  }
  const leaf = new X509Certificate(certificatePem);
  const identity = deviceSerialOf(leaf.subjectAltName);
  const device =
    identity !== undefined &&
    leaf.checkIssued(new X509Certificate(trust.deviceCaPem)) &&
    !(leaf.keyUsage ?? []).includes(OID.serverAuth);
  return device
    ? { ok: true, identity, certificate: { pem: certificatePem, serial, notAfter: Date.parse(leaf.validTo) } }
    : { ok: false, reason: 'not-a-device' };
}
