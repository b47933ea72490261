import { isIP } from 'node:net';
import { OID } from './asn1/oids.ts';
import {
  bits,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  octets,
  oid,
  sequence,
  toDer,
  type Node,
} from './asn1/der.ts';

/** One certificate or CRL extension (RFC 5280 4.1 Extension). */
export interface Extension {
  oid: string;
  critical: boolean;
  value: Node;
}

export const encodeExtension = (ext: Extension): Node =>
  sequence([oid(ext.oid), ...(ext.critical ? [boolean(true)] : []), octets(toDer(ext.value))]);

/** RFC 5280 4.2.1.9: critical on every certificate. pathLen only on CAs. */
export function basicConstraints(ca: boolean, pathLength?: number): Extension {
  const fields: Node[] = ca
    ? [boolean(true), ...(pathLength === undefined ? [] : [integer(pathLength)])]
    : [];
  return { oid: OID.basicConstraints, critical: true, value: sequence(fields) };
}

/** RFC 5280 4.2.1.3 KeyUsage bit positions. */
export const KeyUsageBit = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;
export type KeyUsageName = keyof typeof KeyUsageBit;

/** KeyUsage as a DER BIT STRING with trailing zero bits removed (X.690 11.2.2). */
export function keyUsage(usages: KeyUsageName[]): Extension {
  let value = 0;
  for (const usage of usages) value |= 0x80 >> KeyUsageBit[usage];
  const unused = value === 0 ? 0 : Math.min(7, countTrailingZeros(value));
  return { oid: OID.keyUsage, critical: true, value: bits(Buffer.from([value]), unused) };
}

function countTrailingZeros(byte: number): number {
  let count = 0;
  while (count < 8 && !(byte & (1 << count))) count += 1;
  return count;
}

/** RFC 5280 4.2.1.12 extended key usage; not critical, as the Web PKI and most TLS stacks expect. */
export const extendedKeyUsage = (purposes: string[]): Extension => ({
  oid: OID.extKeyUsage,
  critical: false,
  value: sequence(purposes.map(oid)),
});

/** GeneralName choices the lab uses: dNSName [2], uniformResourceIdentifier [6], iPAddress [7]. */
export type GeneralName = { dns: string } | { uri: string } | { ip: string };

function encodeGeneralName(name: GeneralName): Node {
  if ('dns' in name) return implicitPrimitive(2, name.dns);
  if ('uri' in name) return implicitPrimitive(6, name.uri);
  return implicitPrimitive(7, ipBytes(name.ip).toString('binary'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string): string[] => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(ip.includes('::') ? missing : 0).fill('0'), ...groups(tail)];
  return Buffer.from(all.map((group) => group.padStart(4, '0')).join(''), 'hex');
}

export const subjectAltName = (names: GeneralName[]): Extension => ({
  oid: OID.subjectAltName,
  critical: false,
  value: sequence(names.map(encodeGeneralName)),
});

export const subjectKeyIdentifier = (id: Buffer): Extension => ({
  oid: OID.subjectKeyIdentifier,
  critical: false,
  value: octets(id),
});

/** AuthorityKeyIdentifier with keyIdentifier [0] only (RFC 5280 4.2.1.1). */
export const authorityKeyIdentifier = (id: Buffer): Extension => ({
  oid: OID.authorityKeyIdentifier,
  critical: false,
  value: sequence([implicitPrimitive(0, id.toString('binary'))]),
});

/** One DistributionPoint with a fullName URI (RFC 5280 4.2.1.13). */
export const crlDistributionPoint = (url: string): Extension => ({
  oid: OID.crlDistributionPoints,
  critical: false,
  value: sequence([sequence([explicit(0, [explicit(0, [implicitPrimitive(6, url)])])])]),
});

export const crlNumber = (value: number): Extension => ({
  oid: OID.crlNumber,
  critical: false,
  value: integer(value),
});
