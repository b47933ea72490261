import crypto from 'node:crypto';
import forge from 'node-forge';
import { PumplabError } from '../../core/errors.ts';
import { OID } from '../asn1/oids.ts';
import { bytesOf, children, fromDer, oidOf, pemBlocks, toDer, type Node } from '../asn1/der.ts';
import { normaliseSerial } from '../crl-reader.ts';
import { verifyCertificate } from '../chain-verifier.ts';

/** What a relying party trusts: the lab root, every CA's CRL, and the time to validate at. */
export interface SignatureTrust {
  trustAnchorPem: string;
  crlPems: string[];
  at: Date;
}

export interface VerifiedSignature {
  signerSubject: string;
  /** Lowercase hex, as the lab's index keeps it. */
  signerSerial: string;
  /** The signingTime attribute (RFC 5652 11.3), when the signer included one. */
  signingTime: Date | undefined;
}

/** The parts of one SignerInfo (RFC 5652 5.3) this verifier needs. */
interface SignerInfo {
  issuerDer: Buffer;
  serial: string;
  digestAlgorithm: string;
  signedAttributes: Node[] | undefined;
  signature: Buffer;
}

const { Class, Type } = forge.asn1;

/**
 * Verifies a detached CMS SignedData over `content` (RFC 5652 5.6): the messageDigest attribute, the
 * signature over the DER of the signed attributes, then the signer's chain for codeSigning.
 * @example const { signerSubject } = verifyDetached(library, fs.readFileSync('library.json.p7s'), trust)
 * @throws PumplabError PKI_SIGNATURE_MALFORMED, PKI_SIGNATURE_INVALID, or a chain code of
 *   `verifyCertificate` (PKI_CERT_WRONG_USAGE, PKI_CERT_UNTRUSTED, PKI_CERT_REVOKED, ...).
 */
export function verifyDetached(
  content: Buffer,
  signature: Buffer | string,
  trust: SignatureTrust,
): VerifiedSignature {
  const { certificates, signer } = parseSignedData(signature);
  const signerCertificate = certificates.find((certificate) => identifies(signer, certificate));
  if (!signerCertificate) malformed('the signer certificate is not in the SignedData');
  const signingTime = checkSignature(content, signer, signerCertificate);
  const verified = verifyCertificate({
    certificatePem: signerCertificate.toString(),
    intermediatePems: certificates.filter((c) => c !== signerCertificate).map((c) => c.toString()),
    trustAnchorPem: trust.trustAnchorPem,
    crlPems: trust.crlPems,
    at: trust.at,
    purpose: 'codeSigning',
  });
  return { signerSubject: verified.subject, signerSerial: verified.serial, signingTime };
}

function malformed(reason: string, cause?: unknown): never {
  throw new PumplabError('PKI_SIGNATURE_MALFORMED', `Not a detached CMS signature: ${reason}`, {}, { cause });
}

function invalid(reason: string): never {
  throw new PumplabError('PKI_SIGNATURE_INVALID', `The signature does not verify: ${reason}`, { reason });
}

/** ContentInfo → SignedData (RFC 5652 3, 5.1) with exactly one signer and no encapsulated content. */
function parseSignedData(signature: Buffer | string): {
  certificates: crypto.X509Certificate[];
  signer: SignerInfo;
} {
  try {
    const [type, wrapped] = children(fromDer(derOf(signature)));
    if (oidOf(type) !== OID.signedData) return malformed('not SignedData');
    const fields = children(children(wrapped)[0]);
    const encapsulated = children(fields[2]);
    if (oidOf(encapsulated[0]) !== OID.data || encapsulated.length > 1) malformed('content is not detached');
    const tagged = (tag: number): Node | undefined =>
      fields.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag);
    const certificates = children(tagged(0))
      .filter((node) => node.type === Type.SEQUENCE)
      .map((node) => new crypto.X509Certificate(toDer(node)));
    const signerInfos = children(fields[fields.length - 1]);
    if (signerInfos.length !== 1 || !signerInfos[0]) return malformed('expected exactly one SignerInfo');
    return { certificates, signer: parseSignerInfo(signerInfos[0]) };
  } catch (error) {
    if (error instanceof PumplabError) throw error;
    return malformed('it could not be parsed', error);
  }
}

/** DER as given (a SEQUENCE starts 0x30), or the first `CMS` or `PKCS7` PEM block (RFC 7468 9). */
function derOf(signature: Buffer | string): Buffer {
  if (Buffer.isBuffer(signature) && signature[0] === 0x30) return signature;
  const text = signature.toString();
  const der = [...pemBlocks(text, 'CMS'), ...pemBlocks(text, 'PKCS7')][0];
  return der ?? malformed('no DER SEQUENCE and no CMS PEM block');
}

/** SignerInfo with sid issuerAndSerialNumber (version 1, RFC 5652 5.3). */
function parseSignerInfo(node: Node): SignerInfo {
  const [, sid, digestAlgorithm, ...rest] = children(node);
  const [issuer, serial] = children(sid);
  if (!issuer || serial?.type !== Type.INTEGER) malformed('sid is not issuerAndSerialNumber');
  const attributes = rest[0]?.tagClass === Class.CONTEXT_SPECIFIC ? rest.shift() : undefined;
  const signature = rest[1];
  if (signature?.type !== Type.OCTETSTRING) malformed('no signature value');
  return {
    issuerDer: toDer(issuer),
    serial: normaliseSerial(bytesOf(serial).toString('hex')),
    digestAlgorithm: oidOf(children(digestAlgorithm)[0]),
    signedAttributes: attributes ? children(attributes) : undefined,
    signature: bytesOf(signature),
  };
}

/** True when `certificate` is the one sid names: same issuer Name DER and serial. */
function identifies(signer: SignerInfo, certificate: crypto.X509Certificate): boolean {
  if (normaliseSerial(certificate.serialNumber) !== signer.serial) return false;
  const tbs = [...children(children(fromDer(certificate.raw))[0])];
  if (tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC) tbs.shift(); // version [0]
  return tbs[2] !== undefined && toDer(tbs[2]).equals(signer.issuerDer);
}

/** RFC 5652 5.4 and 11.2: digest, attributes and signature. Returns the signingTime attribute. */
function checkSignature(
  content: Buffer,
  signer: SignerInfo,
  certificate: crypto.X509Certificate,
): Date | undefined {
  if (signer.digestAlgorithm !== OID.sha256)
    invalid(`digest algorithm ${signer.digestAlgorithm} is not SHA-256`);
  let signed = content;
  if (signer.signedAttributes) {
    const digest = attribute(signer.signedAttributes, OID.messageDigest);
    const type = attribute(signer.signedAttributes, OID.contentType);
    if (!digest || !type || oidOf(type) !== OID.data) invalid('contentType or messageDigest missing');
    if (!bytesOf(digest).equals(crypto.createHash('sha256').update(content).digest()))
      invalid('the content digest differs (the content was changed)');
    // 5.4: the signature covers the DER of the attributes with the SET OF tag, not [0] IMPLICIT.
    signed = toDer(forge.asn1.create(Class.UNIVERSAL, Type.SET, true, signer.signedAttributes));
  }
  let verified = false;
  try {
    verified = crypto.verify('sha256', signed, certificate.publicKey, signer.signature);
  } catch {
    verified = false;
  }
  if (!verified) invalid("the signature does not match the signer's key");
  const time = signer.signedAttributes && attribute(signer.signedAttributes, OID.signingTime);
  return time ? timeOf(time) : undefined;
}

/** The single value of the attribute with `type` (RFC 5652 5.3 Attribute). */
function attribute(attributes: Node[], type: string): Node | undefined {
  const found = attributes.find((node) => oidOf(children(node)[0]) === type);
  return children(children(found)[1])[0];
}

/** RFC 5652 11.3: signingTime is a UTCTime or GeneralizedTime. */
function timeOf(node: Node): Date {
  const text = bytesOf(node).toString('latin1');
  if (node.type === Type.UTCTIME) return forge.asn1.utcTimeToDate(text);
  if (node.type === Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(text);
  return malformed('signingTime is not a Time');
}
