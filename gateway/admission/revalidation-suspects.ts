import { X509Certificate } from 'node:crypto';
import { normaliseSerial, readCrl } from '../../pki/crl-reader.ts';
import type { AdmissionEntry } from './admission-table.ts';
import type { DeviceTrust } from './device-check.ts';

/**
 * The admitted devices a new CRL or the passing of time may have invalidated: those whose serial a
 * CRL lists, or whose certificate has expired — or all of them when an issuing CA is listed or a
 * CRL cannot be read. A full path check costs milliseconds, so a fleet of thousands is checked in
 * full only when it must; CRL signatures are not checked here, since a listed serial only makes a
 * suspect and the full check decides.
 *
 * A CRL that lapses (past nextUpdate) evicts no one already admitted: infusions keep their network
 * while the PKI is fixed. Each device meets the lapsed CRL, and is refused, when it next presents.
 */
export function revalidationSuspects(
  entries: readonly AdmissionEntry[],
  trust: DeviceTrust,
  now: number,
): AdmissionEntry[] {
  const listed = listedSerials(trust.crlPems);
  const caListed =
    listed === undefined ||
    trust.issuingCaPems.some((pem) => listed.has(normaliseSerial(new X509Certificate(pem).serialNumber)));
  return entries.filter(({ certificate }) => {
    // An entry admitted by hand carries no certificate to check.
    if (certificate === undefined) return false;
    return caListed || listed.has(certificate.serial) || certificate.notAfter < now;
  });
}

/** Every serial the CRLs list, or undefined when one cannot be parsed. */
function listedSerials(crlPems: readonly string[]): Set<string> | undefined {
  try {
    return new Set(crlPems.flatMap((pem) => readCrl(pem).revoked.map((entry) => entry.serial)));
  } catch {
    return undefined;
  }
}
