import forge from 'node-forge';

/**
 * A thin DER vocabulary over node-forge's ASN.1 (ITU-T X.690). Certificates, CRLs and CMS are
 * assembled from these nodes and signed with Node's native crypto; see README "Why forge ASN.1".
 */
export type Node = forge.asn1.Asn1;

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const sequence = (children: Node[]): Node => asn1.create(U, T.SEQUENCE, true, children);
export const set = (children: Node[]): Node => asn1.create(U, T.SET, true, children);
export const oid = (dotted: string): Node => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const nullNode = (): Node => asn1.create(U, T.NULL, false, '');
export const boolean = (value: boolean): Node => asn1.create(U, T.BOOLEAN, false, value ? '\xff' : '\x00');
export const utf8 = (text: string): Node => asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(text));
export const printable = (text: string): Node => asn1.create(U, T.PRINTABLESTRING, false, text);
export const ia5 = (text: string): Node => asn1.create(U, T.IA5STRING, false, text);
export const octets = (bytes: Buffer): Node => asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
/** BIT STRING; `unusedBits` is the count of padding bits in the last byte (X.690 8.6.2.2). */
export const bits = (bytes: Buffer, unusedBits = 0): Node =>
  asn1.create(U, T.BITSTRING, false, String.fromCharCode(unusedBits) + bytes.toString('binary'));

/** INTEGER from a non-negative hex string (a certificate serial), minimally encoded. */
export function integerHex(hex: string): Node {
  let bytes = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1] ?? 0) < 0x80) bytes = bytes.subarray(1);
  if ((bytes[0] ?? 0) >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return asn1.create(U, T.INTEGER, false, bytes.toString('binary'));
}

export const integer = (value: number): Node => integerHex(value.toString(16));

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Node {
  return date.getUTCFullYear() < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** Context-specific tag [n], constructed (EXPLICIT wrapping or IMPLICIT SEQUENCE/SET). */
export const explicit = (tag: number, children: Node[]): Node =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, children);
/** Context-specific tag [n], primitive (IMPLICIT string types such as GeneralName choices). */
export const implicitPrimitive = (tag: number, bytes: string): Node =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, bytes);

export const toDer = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const fromDer = (der: Buffer): Node => asn1.fromDer(der.toString('binary'));

/** PEM armour (RFC 7468) with 64-character lines. */
export function toPem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Every PEM block with the given label in `text`, as DER. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((match) =>
    Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

/** The children of a constructed node, or [] for a primitive. */
export function children(node: Node | undefined): Node[] {
  return node && Array.isArray(node.value) ? node.value : [];
}

/** The raw bytes of a primitive node. */
export function bytesOf(node: Node | undefined): Buffer {
  return node && typeof node.value === 'string' ? Buffer.from(node.value, 'binary') : Buffer.alloc(0);
}

export const oidOf = (node: Node | undefined): string =>
  asn1.derToOid(forge.util.createBuffer(bytesOf(node).toString('binary')));
