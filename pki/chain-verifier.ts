import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { PumplabError } from '../core/errors.ts';
import { OID } from './asn1/oids.ts';
import { bytesOf, children, fromDer, oidOf, toDer, type Node } from './asn1/der.ts';
import { normaliseSerial, readCrl, verifyCrlSignature, type ParsedCrl } from './crl-reader.ts';

/** What a certificate is being accepted for: an RFC 5280 4.2.1.12 key purpose. */
export type Purpose = 'serverAuth' | 'clientAuth' | 'codeSigning';

export interface VerifyCertificateRequest {
  certificatePem: string;
  /** Certificates that may sit between the leaf and the anchor, in any order. */
  intermediatePems: string[];
  /** The one certificate trusted without proof (RFC 5280 6.1.1 (d)): the lab root. */
  trustAnchorPem: string;
  /** A CRL for every CA in the path; revocation checking is not optional in the lab. */
  crlPems: string[];
  at: Date;
  purpose: Purpose;
}

export interface VerifiedCertificate {
  /** The leaf subject, e.g. `O=pumplab General Hospital (lab), OU=Infusion Pumps, CN=pump-1`. */
  subject: string;
  /** Lowercase hex, as the lab's index keeps it. */
  serial: string;
  /** Subjects from the leaf's issuer up to and including the trust anchor. */
  issuers: string[];
}

const maxPathLength = 8;
const { Class, Type } = forge.asn1;

/**
 * Validates a certificate path for `purpose` at time `at`, following RFC 5280 section 6: builds the
 * path to the anchor, then from the anchor down checks each signature, CA status, path length,
 * validity and revocation, and finally the leaf's key usages.
 * @example verifyCertificate({ certificatePem, intermediatePems: [caPem], trustAnchorPem: rootPem,
 *   crlPems: authority.crlPems(), at: new Date(), purpose: 'clientAuth' })
 * @throws PumplabError PKI_CERT_UNTRUSTED, PKI_CERT_EXPIRED, PKI_CERT_NOT_YET_VALID,
 *   PKI_CERT_REVOKED, PKI_CRL_INVALID or PKI_CERT_WRONG_USAGE.
 */
export function verifyCertificate(request: VerifyCertificateRequest): VerifiedCertificate {
  const leaf = parse(request.certificatePem);
  const anchor = parse(request.trustAnchorPem);
  const path = buildPath(leaf, request.intermediatePems.map(parse), anchor);
  const crls = request.crlPems.map((pem) => readCrl(pem));
  checkValidity(anchor, request.at);
  if (!anchor.ca) notCa(anchor);
  // RFC 6.1.2 (k): max_path_length starts at n; the anchor's pathLenConstraint narrows it.
  let budget = pathLengthOf(anchor) ?? maxPathLength;
  // 6.1.3 processes the path from the certificate the anchor issued down to the leaf.
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const certificate = path[index] as X509Certificate;
    checkValidity(certificate, request.at);
    checkRevocation(certificate, path[index + 1] ?? anchor, crls, request.at);
    if (index === 0) break;
    // 6.1.4 (k)-(m): every intermediate is a CA and within the path length left.
    if (!certificate.ca) notCa(certificate);
    if (budget <= 0) {
      throw new PumplabError('PKI_CERT_UNTRUSTED', `${nameOf(certificate)} exceeds a pathLenConstraint.`, {
        ...facts(certificate),
      });
    }
    budget = Math.min(budget - 1, pathLengthOf(certificate) ?? maxPathLength);
  }
  checkUsage(leaf, request.purpose);
  return {
    subject: nameOf(leaf),
    serial: normaliseSerial(leaf.serialNumber),
    issuers: [...path.slice(1), anchor].map(nameOf),
  };
}

function parse(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new PumplabError('INPUT_INVALID', 'A certificate could not be parsed.', {}, { cause: error });
  }
}

const nameOf = (certificate: X509Certificate): string => certificate.subject.split('\n').join(', ');
const facts = (certificate: X509Certificate): Record<string, unknown> => ({
  subject: nameOf(certificate),
  serial: normaliseSerial(certificate.serialNumber),
});

/** Leaf first, ending with the certificate the anchor issued (RFC 5280 6.1: the anchor is not in it). */
function buildPath(
  leaf: X509Certificate,
  pool: X509Certificate[],
  anchor: X509Certificate,
): X509Certificate[] {
  const path = [leaf];
  let current = leaf;
  while (!issuedBy(current, anchor)) {
    const next = pool.find((candidate) => !path.includes(candidate) && issuedBy(current, candidate));
    if (!next || path.length >= maxPathLength) {
      throw new PumplabError(
        'PKI_CERT_UNTRUSTED',
        untrustedReason(current, [anchor, ...pool]),
        facts(current),
      );
    }
    path.push(next);
    current = next;
  }
  return path;
}

/** Name and key identifier match (X509_check_issued) and the signature verifies (RFC 6.1.3 (a)(1)). */
const issuedBy = (certificate: X509Certificate, issuer: X509Certificate): boolean =>
  certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);

function untrustedReason(certificate: X509Certificate, known: X509Certificate[]): string {
  const name = nameOf(certificate);
  if (known.some((issuer) => certificate.checkIssued(issuer) && certificate !== issuer))
    return `The signature on ${name} does not verify with the key of the issuer it names.`;
  if (certificate.checkIssued(certificate)) return `${name} is self-signed and is not the trust anchor.`;
  return `${name} does not chain to the trust anchor.`;
}

function notCa(certificate: X509Certificate): never {
  throw new PumplabError('PKI_CERT_UNTRUSTED', `${nameOf(certificate)} is not a CA (basicConstraints).`, {
    ...facts(certificate),
  });
}

/** RFC 5280 6.1.3 (a)(2): `at` within notBefore..notAfter. */
function checkValidity(certificate: X509Certificate, at: Date): void {
  if (at.getTime() < Date.parse(certificate.validFrom)) {
    throw new PumplabError('PKI_CERT_NOT_YET_VALID', `${nameOf(certificate)} is not valid yet.`, {
      ...facts(certificate),
      notBefore: certificate.validFrom,
    });
  }
  if (at.getTime() > Date.parse(certificate.validTo)) {
    throw new PumplabError('PKI_CERT_EXPIRED', `${nameOf(certificate)} has expired.`, {
      ...facts(certificate),
      notAfter: certificate.validTo,
    });
  }
}

/** RFC 5280 6.1.3 (a)(3) with 6.3.3: the issuer's current, correctly signed CRL must not list it. */
function checkRevocation(
  certificate: X509Certificate,
  issuer: X509Certificate,
  crls: ParsedCrl[],
  at: Date,
): void {
  const crl = currentCrl(issuer, crls, at);
  const serial = normaliseSerial(certificate.serialNumber);
  const entry = crl.revoked.find((revoked) => revoked.serial === serial);
  if (entry) {
    throw new PumplabError('PKI_CERT_REVOKED', `${nameOf(certificate)} is revoked.`, {
      ...facts(certificate),
      revokedAt: entry.revokedAt.toISOString(),
      reason: entry.reason,
    });
  }
}

function currentCrl(issuer: X509Certificate, crls: ParsedCrl[], at: Date): ParsedCrl {
  const issuerName = fieldsOf(issuer).subject;
  const fromIssuer = crls.filter((crl) => crl.issuerDer.equals(issuerName));
  const signed = fromIssuer.filter((crl) => verifyCrlSignature(crl, issuer.toString()));
  // 6.3.3 (a): the newest CRL already issued at `at`, which must not be past its nextUpdate.
  const issued = signed.filter((crl) => crl.thisUpdate.getTime() <= at.getTime());
  const newest = issued.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0];
  const problem =
    fromIssuer.length === 0
      ? 'there is no CRL'
      : signed.length === 0
        ? 'its CRL signature does not verify'
        : !newest
          ? 'its CRL is not valid yet'
          : newest.nextUpdate && newest.nextUpdate.getTime() < at.getTime()
            ? 'its CRL is past nextUpdate'
            : undefined;
  if (problem || !newest) {
    throw new PumplabError('PKI_CRL_INVALID', `Cannot check revocation by ${nameOf(issuer)}: ${problem}.`, {
      issuer: nameOf(issuer),
    });
  }
  return newest;
}

/** RFC 5280 4.2.1.12 and 4.2.1.3: the leaf names the purpose and may make digital signatures. */
function checkUsage(leaf: X509Certificate, purpose: Purpose): void {
  const purposes = leaf.keyUsage ?? [];
  const keyUsage = fieldsOf(leaf).extensions.get(OID.keyUsage);
  // A KeyUsage BIT STRING is 03 len unused first-octet...; digitalSignature is bit 0 (0x80).
  const signs = keyUsage === undefined || ((keyUsage[3] ?? 0) & 0x80) !== 0;
  if (!purposes.includes(OID[purpose]) || !signs) {
    throw new PumplabError('PKI_CERT_WRONG_USAGE', `${nameOf(leaf)} is not for ${purpose}.`, {
      ...facts(leaf),
      purpose,
      extendedKeyUsage: purposes,
    });
  }
}

function pathLengthOf(certificate: X509Certificate): number | undefined {
  const value = fieldsOf(certificate).extensions.get(OID.basicConstraints);
  const limit = children(value ? fromDer(value) : undefined).find((node) => node.type === Type.INTEGER);
  return limit ? parseInt(bytesOf(limit).toString('hex'), 16) : undefined;
}

/** The subject Name DER and extension values (extnValue contents) of a certificate (RFC 5280 4.1). */
function fieldsOf(certificate: X509Certificate): { subject: Buffer; extensions: Map<string, Buffer> } {
  const tbs = [...children(children(fromDer(certificate.raw))[0])];
  if (tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC) tbs.shift(); // version [0]
  const subject = tbs[4] as Node;
  const tagged = tbs.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === 3);
  const extensions = new Map<string, Buffer>();
  for (const extension of children(children(tagged)[0])) {
    const parts = children(extension);
    extensions.set(oidOf(parts[0]), bytesOf(parts[parts.length - 1]));
  }
  return { subject: toDer(subject), extensions };
}
