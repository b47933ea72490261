import crypto, { type KeyObject } from 'node:crypto';
import {
  explicit,
  fromDer,
  integer,
  integerHex,
  oid,
  sequence,
  time,
  toDer,
  toPem,
  bits,
  type Node,
} from './asn1/der.ts';
import { encodeExtension, type Extension } from './extensions.ts';
import { encodeName, type NameParts } from './distinguished-name.ts';
import { publicKeyToDer, signatureOidFor, signNative } from './keys.ts';

export interface CertificateRequest {
  serialHex: string;
  subject: NameParts;
  issuer: NameParts;
  publicKey: KeyObject;
  /** The issuer's private key (the subject's own for a self-signed root). */
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
}

/** A fresh positive 128-bit serial (RFC 5280 4.1.2.2: at most 20 octets; CA/B: at least 64 random bits). */
export function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return bytes.toString('hex');
}

/** AlgorithmIdentifier: ECDSA takes no parameters, RSA takes NULL (RFC 5758 3.2, RFC 4055 5). */
export function signatureAlgorithm(signingKey: KeyObject): Node {
  const algorithm = signatureOidFor(signingKey);
  if (signingKey.asymmetricKeyType === 'ec') return sequence([oid(algorithm)]);
  return sequence([oid(algorithm), fromDer(Buffer.from([0x05, 0x00]))]);
}

/** Signs a to-be-signed structure and wraps it: Certificate and CertificateList share this shape. */
export function signStructure(tbs: Node, signingKey: KeyObject): Buffer {
  const tbsDer = toDer(tbs);
  const signature = signNative(tbsDer, signingKey);
  return toDer(sequence([fromDer(tbsDer), signatureAlgorithm(signingKey), bits(signature)]));
}

/** Builds and signs an X.509 v3 certificate (RFC 5280 4.1); returns it as PEM. */
export function buildCertificate(request: CertificateRequest): string {
  const tbs = sequence([
    explicit(0, [integer(2)]), // version v3
    integerHex(request.serialHex),
    signatureAlgorithm(request.signingKey),
    encodeName(request.issuer),
    sequence([time(request.notBefore), time(request.notAfter)]),
    encodeName(request.subject),
    fromDer(publicKeyToDer(request.publicKey)),
    explicit(3, [sequence(request.extensions.map(encodeExtension))]),
  ]);
  return toPem('CERTIFICATE', signStructure(tbs, request.signingKey));
}
