import { OID } from './asn1/oids.ts';
import { oid, printable, sequence, set, utf8, type Node } from './asn1/der.ts';

/** The parts of an X.501 name the lab uses. Order follows RFC 4514 display order reversed (C first). */
export interface NameParts {
  country?: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
  /** X.520 serialNumber: a pump's serial, as IEEE 802.1AR DevIDs carry it. */
  serialNumber?: string;
}

/** Encodes a Name as RDNSequence, one attribute per RDN (RFC 5280 4.1.2.4). */
export function encodeName(name: NameParts): Node {
  const rdn = (type: string, value: Node): Node => set([sequence([oid(type), value])]);
  const rdns: Node[] = [];
  if (name.country) rdns.push(rdn(OID.country, printable(name.country)));
  if (name.organization) rdns.push(rdn(OID.organization, utf8(name.organization)));
  if (name.organizationalUnit) rdns.push(rdn(OID.organizationalUnit, utf8(name.organizationalUnit)));
  rdns.push(rdn(OID.commonName, utf8(name.commonName)));
  // serialNumber is a PrintableString per X.520.
  if (name.serialNumber) rdns.push(rdn(OID.serialNumber, printable(name.serialNumber)));
  return sequence(rdns);
}

/** A one-line rendering for the index and logs, e.g. `O=pumplab Hospital, CN=pump-PL-0001`. */
export function formatName(name: NameParts): string {
  const parts: string[] = [];
  if (name.country) parts.push(`C=${name.country}`);
  if (name.organization) parts.push(`O=${name.organization}`);
  if (name.organizationalUnit) parts.push(`OU=${name.organizationalUnit}`);
  parts.push(`CN=${name.commonName}`);
  if (name.serialNumber) parts.push(`serialNumber=${name.serialNumber}`);
  return parts.join(', ');
}
