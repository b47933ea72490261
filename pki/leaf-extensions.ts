import type { KeyObject } from 'node:crypto';
import {
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoint,
  extendedKeyUsage,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
  type Extension,
  type GeneralName,
} from './extensions.ts';
import { keyIdentifier, type KeyType } from './keys.ts';
import { profiles, type Role } from './profiles.ts';
import { crlUrl, type CaName } from './hierarchy.ts';
import type { IssueRequest } from './issue-request.ts';

/** The device identity URI a pump's certificate carries; the broker authorizes by it. */
export const deviceUri = (serial: string): string => `urn:pumplab:pump:${serial}`;

/** A device URI as Node prints it in a SAN, and the serial charset of issue-request.ts. */
const deviceSanPrefix = `URI:${deviceUri('')}`;
const deviceSerialPattern = /^[A-Za-z0-9-]{1,32}$/;

/**
 * The pump serial of the one device URI in a certificate's SAN, as Node prints it
 * (`X509Certificate.subjectAltName`: `URI:value, DNS:value`). Node quotes any value holding a
 * separator (since the CVE-2021-44532 fix), so splitting on `, ` cannot be fooled. Two device URIs
 * are ambiguous and give none.
 *
 * @example deviceSerialOf(new X509Certificate(pem).subjectAltName) // 'PL00001'
 */
export function deviceSerialOf(subjectAltName: string | undefined): string | undefined {
  const serials = (subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith(deviceSanPrefix))
    .map((entry) => entry.slice(deviceSanPrefix.length))
    .filter((serial) => deviceSerialPattern.test(serial));
  return serials.length === 1 ? serials[0] : undefined;
}

/** Subject alternative names for a leaf: the device URI for pumps, DNS names and IPs for services. */
export function alternativeNames(request: IssueRequest): GeneralName[] {
  const names: GeneralName[] = [];
  if (request.deviceSerial) names.push({ uri: deviceUri(request.deviceSerial) });
  for (const dns of request.dnsNames ?? []) names.push({ dns });
  for (const ip of request.ipAddresses ?? []) names.push({ ip });
  return names;
}

/** Every extension a certificate of `role` carries (RFC 5280 4.2). */
export function extensionsFor(options: {
  role: Role;
  keyType: KeyType;
  publicKey: KeyObject;
  issuerKeyId: Buffer;
  issuer?: CaName;
  altNames?: GeneralName[];
}): Extension[] {
  const profile = profiles[options.role];
  const extensions: Extension[] = [
    basicConstraints(profile.ca, profile.pathLength),
    keyUsage(profile.keyUsage(options.keyType)),
    subjectKeyIdentifier(keyIdentifier(options.publicKey)),
    authorityKeyIdentifier(options.issuerKeyId),
  ];
  if (profile.extendedKeyUsage.length > 0) extensions.push(extendedKeyUsage(profile.extendedKeyUsage));
  if (options.altNames && options.altNames.length > 0) extensions.push(subjectAltName(options.altNames));
  // A self-signed root has no CRL above it; everything else points at its issuer's CRL.
  if (options.issuer) extensions.push(crlDistributionPoint(crlUrl(options.issuer)));
  return extensions;
}
