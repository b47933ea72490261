import crypto from 'node:crypto';
import forge from 'node-forge';
import { PumplabError } from '../../core/errors.ts';
import { OID } from '../asn1/oids.ts';
import { children, explicit, fromDer, pemBlocks, toDer, toPem, type Node } from '../asn1/der.ts';

/** A code-signing identity: its certificate, its RSA key, and the CA certificates above it. */
export interface CodeSigner {
  certificatePem: string;
  privateKeyPem: string;
  /** The issuing CA (and any further intermediates); the root is the verifier's own anchor. */
  chainPems: string[];
}

/**
 * Signs `content` as a detached CMS SignedData (RFC 5652 5), SHA-256 with RSA, with the signed
 * attributes contentType, signingTime and messageDigest (RFC 5652 11) and the signer's certificate
 * and chain in `certificates`. Returns DER: what `openssl cms -verify -binary -inform DER` reads.
 * @example const signature = signDetached(libraryBytes, codeSigner, clock.now())
 * @throws PumplabError INPUT_INVALID when the key is not RSA or does not match the certificate.
 */
export function signDetached(content: Buffer, signer: CodeSigner, signingTime: Date): Buffer {
  checkSigner(signer);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(content.toString('binary'));
  signedData.addSigner({
    key: forge.pki.privateKeyFromPem(signer.privateKeyPem),
    certificate: forge.pki.certificateFromPem(signer.certificatePem),
    digestAlgorithm: OID.sha256,
    // Listed in DER SET OF order (X.690 11.6: by encoding, which here is by length) because forge
    // encodes them in the order given and RFC 5652 5.4 signs their DER encoding.
    authenticatedAttributes: [
      { type: OID.contentType, value: OID.data },
      { type: OID.signingTime, value: signingTime.toISOString() },
      { type: OID.messageDigest },
    ],
  });
  signedData.sign({ detached: true });
  return toDer(withCertificates(signedData.toAsn1(), [signer.certificatePem, ...signer.chainPems]));
}

/**
 * PEM armour for a CMS signature (RFC 7468 9, label `CMS`), for text channels.
 * @example fs.writeFileSync('library.json.p7s.pem', toPemSignature(signature))
 */
export function toPemSignature(der: Buffer): string {
  return toPem('CMS', der);
}

/** forge signs with RSA PKCS#1 v1.5 only; refuse other keys before it fails obscurely. */
function checkSigner(signer: CodeSigner): void {
  const key = crypto.createPrivateKey(signer.privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new PumplabError('INPUT_INVALID', 'Code signing needs an RSA key.', {
      problems: [`privateKeyPem: ${String(key.asymmetricKeyType)} key, expected rsa`],
    });
  }
  const certificateKey = new crypto.X509Certificate(signer.certificatePem).publicKey;
  const spki = (k: crypto.KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
  if (!spki(crypto.createPublicKey(key)).equals(spki(certificateKey))) {
    throw new PumplabError('INPUT_INVALID', 'The private key does not match the certificate.', {
      problems: ['privateKeyPem: not the key of certificatePem'],
    });
  }
}

/**
 * Puts `certificates [0] IMPLICIT CertificateSet` (RFC 5652 5.1) in the SignedData as the original
 * DER: forge can only re-encode RSA certificates it parsed, and an EC CA may sit in the chain.
 */
function withCertificates(contentInfo: Node, pems: string[]): Node {
  const signedData = children(children(contentInfo)[1])[0];
  const fields = signedData && Array.isArray(signedData.value) ? signedData.value : undefined;
  if (!fields) throw new Error('forge produced no SignedData');
  const certificates = pems.flatMap((pem) => pemBlocks(pem, 'CERTIFICATE')).map(fromDer);
  // SignedData: version, digestAlgorithms, encapContentInfo, certificates [0], ..., signerInfos.
  fields.splice(3, 0, explicit(0, certificates));
  return contentInfo;
}
