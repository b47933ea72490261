import { normaliseSerial, readCrl } from '../../../pki/crl-reader.ts';
import { readCrlPems } from '../../../pki/tls/tls-material.ts';
import type { GuardedConnection } from './guarded-connection.ts';
import type { SecurityEvents } from './security-events.ts';

/**
 * Every certificate serial the lab's current CRLs list. The CRLs come from the lab's own store,
 * the same files the revocation reloader has just installed in the TLS context; the lab's serials
 * are random 16-byte values, so one serial names one certificate across its CAs.
 */
export function revokedSerials(stateDir: string): Set<string> {
  const serials = new Set<string>();
  for (const pem of readCrlPems(stateDir)) {
    for (const entry of readCrl(pem).revoked) serials.add(normaliseSerial(entry.serial));
  }
  return serials;
}

/**
 * Closes the open sessions whose client certificate is now revoked. A TLS server checks the CRL
 * only at the handshake (RFC 5280 6.3), so without this a stolen pump's certificate, once revoked,
 * would keep its connection until it dropped (SP 1800-8 Vol B 4.5: revocation cuts the device off).
 */
export function closeRevokedSessions(
  connections: Iterable<GuardedConnection>,
  stateDir: string,
  events: SecurityEvents,
): number {
  const revoked = revokedSerials(stateDir);
  let closed = 0;
  for (const connection of connections) {
    const peer = connection.peer;
    if (!peer || !revoked.has(normaliseSerial(peer.serial))) continue;
    events.raise({
      kind: 'auth-denied',
      code: 'PKI_CERT_REVOKED',
      source: connection.remote,
      ...((peer.deviceSerial ?? peer.commonName) ? { identity: peer.deviceSerial ?? peer.commonName } : {}),
      detail: `session closed: certificate ${peer.serial} was revoked`,
    });
    connection.destroy();
    closed += 1;
  }
  return closed;
}
