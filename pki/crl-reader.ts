import crypto from 'node:crypto';
import forge from 'node-forge';
import { PumplabError } from '../core/errors.ts';
import { OID } from './asn1/oids.ts';
import { bytesOf, children, fromDer, oidOf, pemBlocks, toDer, type Node } from './asn1/der.ts';
import { revocationReasons, type RevocationReason } from './crl-builder.ts';

/** One revokedCertificates entry (RFC 5280 5.1.2.6). */
export interface CrlEntry {
  /** Lowercase hex, leading zero octets removed: the form `randomSerial()` and the index use. */
  serial: string;
  revokedAt: Date;
  /** The reasonCode entry extension (RFC 5280 5.3.1), when present. */
  reason: RevocationReason | undefined;
}

/** A parsed X.509 v2 CRL (RFC 5280 5.1). */
export interface ParsedCrl {
  /** DER of the issuer Name: compare it byte for byte with the issuing certificate's subject. */
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** The cRLNumber extension (RFC 5280 5.2.3); the lab's numbers stay far below 2^53. */
  number: number | undefined;
  revoked: CrlEntry[];
  /** DER of TBSCertList: the bytes the signature covers. */
  tbsDer: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
}

const { asn1 } = forge;
const reasonNames = new Map<number, RevocationReason>(
  Object.entries(revocationReasons).map(([name, code]) => [code, name as RevocationReason]),
);

/**
 * A serial as lowercase hex without leading zero octets, so CRL entries, Node's
 * `X509Certificate.serialNumber` and the lab's index compare equal.
 * @example normaliseSerial('00A1B2') === 'a1b2'
 */
export function normaliseSerial(hex: string): string {
  let serial = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (serial.length % 2) serial = '0' + serial;
  while (serial.length > 2 && serial.startsWith('00')) serial = serial.slice(2);
  return serial;
}

/** Reads an X.509 CRL in PEM or DER. Throws PKI_CRL_INVALID when it is not one. */
export function readCrl(input: string | Buffer): ParsedCrl {
  try {
    // DER is a SEQUENCE (0x30); anything else is read as PEM text (RFC 7468 5).
    const der =
      Buffer.isBuffer(input) && input[0] === 0x30 ? input : pemBlocks(input.toString(), 'X509 CRL')[0];
    if (!der) throw new Error('no X509 CRL PEM block');
    return parseCertificateList(fromDer(der));
  } catch (error) {
    if (error instanceof PumplabError) throw error;
    throw new PumplabError('PKI_CRL_INVALID', 'The CRL could not be parsed.', {}, { cause: error });
  }
}

/**
 * True when `crl` is signed by the key of `issuerCertPem` (RFC 5280 6.3.3 (f)). Verified natively
 * over the TBSCertList DER; an algorithm the lab does not use counts as a bad signature.
 */
export function verifyCrlSignature(crl: ParsedCrl, issuerCertPem: string): boolean {
  const hash = hashFor(crl.signatureAlgorithm);
  if (!hash) return false;
  const publicKey = new crypto.X509Certificate(issuerCertPem).publicKey;
  try {
    return crypto.verify(hash, crl.tbsDer, publicKey, crl.signature);
  } catch {
    return false;
  }
}

function hashFor(algorithm: string): string | undefined {
  if (algorithm === OID.sha256WithRsa || algorithm === OID.ecdsaWithSha256) return 'sha256';
  if (algorithm === OID.ecdsaWithSha384) return 'sha384';
  return undefined;
}

function parseCertificateList(root: Node): ParsedCrl {
  const [tbs, outerAlgorithm, signatureValue, ...rest] = children(root);
  if (!tbs || !outerAlgorithm || !signatureValue || rest.length > 0) throw new Error('not a CertificateList');
  const fields = [...children(tbs)];
  // RFC 5280 5.1.2.1: version is present (v2) whenever extensions are.
  if (fields[0]?.type === asn1.Type.INTEGER && fields[0].tagClass === asn1.Class.UNIVERSAL) fields.shift();
  const [innerAlgorithm, issuer, thisUpdate, ...optional] = fields;
  const signatureAlgorithm = oidOf(children(outerAlgorithm)[0]);
  // RFC 5280 5.1.1.2: the outer and inner algorithm identifiers must match.
  if (!innerAlgorithm || oidOf(children(innerAlgorithm)[0]) !== signatureAlgorithm)
    throw new Error('signature algorithms differ');
  if (!issuer || issuer.type !== asn1.Type.SEQUENCE) throw new Error('no issuer');
  const nextUpdate = isTime(optional[0]) ? timeOf(optional.shift()) : undefined;
  const list =
    optional[0]?.type === asn1.Type.SEQUENCE && optional[0].tagClass === asn1.Class.UNIVERSAL
      ? optional.shift()
      : undefined;
  const extensions = optional[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? children(optional[0]) : [];
  const signatureBits = bitStringBytes(signatureValue);
  if (signatureBits[0] !== 0) throw new Error('signature BIT STRING has unused bits');
  return {
    issuerDer: toDer(issuer),
    thisUpdate: timeOf(thisUpdate),
    nextUpdate,
    number: crlNumber(children(extensions[0])),
    revoked: children(list).map(parseEntry),
    tbsDer: toDer(tbs),
    signatureAlgorithm,
    signature: signatureBits.subarray(1),
  };
}

function parseEntry(entry: Node): CrlEntry {
  const [serial, revokedAt, extensions] = children(entry);
  if (serial?.type !== asn1.Type.INTEGER) throw new Error('entry without a serial');
  const reasonExtension = extensionValue(children(extensions), OID.crlReason);
  const code = reasonExtension ? bytesOf(fromDer(reasonExtension))[0] : undefined;
  return {
    serial: normaliseSerial(bytesOf(serial).toString('hex')),
    revokedAt: timeOf(revokedAt),
    reason: code === undefined ? undefined : reasonNames.get(code),
  };
}

function crlNumber(extensions: Node[]): number | undefined {
  const value = extensionValue(extensions, OID.crlNumber);
  return value ? parseInt(bytesOf(fromDer(value)).toString('hex') || '0', 16) : undefined;
}

/** The extnValue contents of the extension with `id`, if any (RFC 5280 4.1 Extension). */
function extensionValue(extensions: Node[], id: string): Buffer | undefined {
  for (const extension of extensions) {
    const parts = children(extension);
    if (oidOf(parts[0]) === id) return bytesOf(parts[parts.length - 1]);
  }
  return undefined;
}

/**
 * The contents of a BIT STRING, unused-bits octet first. forge decodes a BIT STRING that holds DER
 * (an ECDSA-Sig-Value) into nodes and keeps the original bytes in `bitStringContents`.
 */
function bitStringBytes(node: Node): Buffer {
  const contents = (node as { bitStringContents?: unknown }).bitStringContents;
  return typeof contents === 'string' ? Buffer.from(contents, 'binary') : bytesOf(node);
}

const isTime = (node: Node | undefined): boolean =>
  node?.tagClass === asn1.Class.UNIVERSAL &&
  (node.type === asn1.Type.UTCTIME || node.type === asn1.Type.GENERALIZEDTIME);

/** RFC 5280 5.1.2.4: UTCTime or GeneralizedTime. */
function timeOf(node: Node | undefined): Date {
  if (!node || !isTime(node)) throw new Error('expected a Time');
  const text = bytesOf(node).toString('latin1');
  return node.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(text) : asn1.generalizedTimeToDate(text);
}
