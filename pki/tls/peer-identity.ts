import type tls from 'node:tls';
import { PumplabError, type ErrorCode } from '../../core/errors.ts';
import { OID } from '../asn1/oids.ts';
import { deviceSerialOf } from '../leaf-extensions.ts';
import type { LeafRole } from '../profiles.ts';

/** Who is at the other end of a verified lab TLS connection. */
export interface PeerIdentity {
  /** A guess from the extended key usages (RFC 5280 4.2.1.12) and the device URI. */
  role: LeafRole | 'unknown';
  /** The subject's commonName, if it has exactly one. */
  commonName: string | undefined;
  /** The pump serial from the SAN URI `urn:pumplab:pump:SERIAL` (leaf-extensions.ts `deviceUri`). */
  deviceSerial: string | undefined;
  /** The certificate serial, lower-case hex as in the store: what `pumplab pki revoke` takes. */
  serial: string;
  /** SHA-256 fingerprint, colon-separated hex as Node prints it. */
  fingerprint256: string;
}

/**
 * OpenSSL verify results (X509_V_ERR_*, as Node names them) and the catalogue code each means; any
 * other result is PKI_CERT_UNTRUSTED. Node lets verification run past the first error and reports
 * the last, so a certificate from outside the lab, checked with CRLs, ends as UNABLE_TO_GET_CRL: it
 * means untrusted, not a CRL problem of the lab's, and is left to the default.
 */
const verifyCodes: Record<string, ErrorCode> = {
  CERT_REVOKED: 'PKI_CERT_REVOKED',
  CERT_HAS_EXPIRED: 'PKI_CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'PKI_CERT_NOT_YET_VALID',
  INVALID_PURPOSE: 'PKI_CERT_WRONG_USAGE',
  CRL_HAS_EXPIRED: 'PKI_CRL_INVALID',
  CRL_NOT_YET_VALID: 'PKI_CRL_INVALID',
  CRL_SIGNATURE_FAILURE: 'PKI_CRL_INVALID',
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 'PKI_CRL_INVALID',
};

/**
 * Why the peer's certificate failed verification, as a catalogue error, or undefined when it
 * passed. Works in a server's `tlsClientError` handler too: Node records the OpenSSL result on the
 * socket (`authorizationError`) before it drops a refused client.
 *
 * @example server.on('tlsClientError', (_error, socket) => log.warn({ code: verificationError(socket)?.code }))
 */
export function verificationError(socket: tls.TLSSocket): PumplabError | undefined {
  if (socket.authorized) return undefined;
  const reason = socket.authorizationError === null ? undefined : String(socket.authorizationError);
  const code = reason === undefined ? 'PKI_CERT_UNTRUSTED' : (verifyCodes[reason] ?? 'PKI_CERT_UNTRUSTED');
  return new PumplabError(code, `The peer's certificate was not accepted: ${reason ?? 'none verified'}.`, {
    verifyError: reason ?? null,
  });
}

/**
 * The lab identity of a connection's peer, from its verified certificate. The MQTT broker
 * authorizes topics by `deviceSerial` (a pump publishes only under its own serial).
 *
 * @throws PumplabError from {@link verificationError} when the peer is not verified, or
 *   PKI_CERT_UNTRUSTED when it presented no certificate.
 * @example server.on('secureConnection', (socket) => inventory.seen(peerIdentity(socket).deviceSerial));
 */
export function peerIdentity(socket: tls.TLSSocket): PeerIdentity {
  const refused = verificationError(socket);
  if (refused) throw refused;
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) throw new PumplabError('PKI_CERT_UNTRUSTED', 'The peer presented no certificate.', {});
  const usages = new Set(certificate.keyUsage ?? []);
  const deviceSerial = deviceSerialOf(certificate.subjectAltName);
  return {
    role: roleFrom(usages, deviceSerial !== undefined),
    commonName: commonNameOf(socket.getPeerCertificate().subject),
    deviceSerial,
    serial: certificate.serialNumber.toLowerCase(),
    fingerprint256: certificate.fingerprint256,
  };
}

/** Profiles (profiles.ts): service = both TLS purposes; device = clientAuth with a device URI. */
function roleFrom(usages: Set<string>, hasDeviceUri: boolean): PeerIdentity['role'] {
  const server = usages.has(OID.serverAuth);
  const client = usages.has(OID.clientAuth);
  if (server && client) return 'service';
  if (server) return 'server';
  if (client) return hasDeviceUri ? 'device' : 'client';
  if (usages.has(OID.codeSigning)) return 'code-signing';
  return 'unknown';
}

function commonNameOf(subject: tls.PeerCertificate['subject'] | undefined): string | undefined {
  const cn: unknown = subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}
