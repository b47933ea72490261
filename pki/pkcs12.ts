import crypto from 'node:crypto';
import forge from 'node-forge';
import { PumplabError } from '../core/errors.ts';
import { OID } from './asn1/oids.ts';
import {
  explicit,
  fromDer,
  integer,
  nullNode,
  octets,
  oid,
  pemBlocks,
  sequence,
  set,
  toDer,
  type Node,
} from './asn1/der.ts';

/** A certificate, its private key (PKCS#8 PEM, EC or RSA) and the CA certificates above it. */
export interface ExportableIdentity {
  certificatePem: string;
  privateKeyPem: string;
  /** The issuing CA and any further intermediates, nearest first. */
  chainPems: string[];
}

/** RFC 7292 object identifiers (appendix D) and the PKCS#9 attributes bags carry (RFC 2985). */
const P12 = {
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

/** OpenSSL 3's defaults: 2048 iterations (PKCS12_DEFAULT_ITER), 16 bytes of salt, SHA-256 MAC. */
const macIterations = 2048;
const saltBytes = 16;

/**
 * A password-protected PKCS#12 (PFX, RFC 7292) of the identity: a pkcs8ShroudedKeyBag (PBES2 with
 * AES-256-CBC, made by Node), a certBag per certificate, and an HMAC-SHA256 integrity MAC. Built on
 * forge ASN.1 because forge's own PKCS#12 writer handles RSA keys only and pump keys are EC P-256.
 * @example fs.writeFileSync('pump-1.p12', exportPkcs12(identity, password, 'pump-1'), { mode: 0o600 })
 * @throws PumplabError INPUT_INVALID for an empty password or a key that is not the certificate's.
 */
export function exportPkcs12(identity: ExportableIdentity, password: string, friendlyName: string): Buffer {
  if (password.length === 0) {
    throw new PumplabError('INPUT_INVALID', 'A PKCS#12 export needs a non-empty password.', {
      problems: ['password: empty'],
    });
  }
  const key = matchingKey(identity);
  const [leaf, ...chain] = [identity.certificatePem, ...identity.chainPems].flatMap((pem) =>
    pemBlocks(pem, 'CERTIFICATE'),
  );
  if (!leaf)
    throw new PumplabError('INPUT_INVALID', 'No certificate to export.', { problems: ['certificatePem'] });
  // OpenSSL links the key and its certificate by the SHA-1 of the certificate.
  const attributes = bagAttributes(friendlyName, crypto.createHash('sha1').update(leaf).digest());
  const encryptedKey = key.export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: password,
  });
  const keyBag = sequence([oid(P12.pkcs8ShroudedKeyBag), explicit(0, [fromDer(encryptedKey)]), attributes]);
  const certBags = [certBag(leaf, attributes), ...chain.map((der) => certBag(der))];
  // RFC 7292 4.1: AuthenticatedSafe, a SEQUENCE OF ContentInfo, each holding SafeContents.
  const authenticatedSafe = toDer(
    sequence([dataContentInfo(sequence(certBags)), dataContentInfo(sequence([keyBag]))]),
  );
  return toDer(
    sequence([
      integer(3), // version v3
      sequence([oid(OID.data), explicit(0, [octets(authenticatedSafe)])]),
      macData(authenticatedSafe, password),
    ]),
  );
}

/**
 * The identity as PEM: certificate, then chain, then the unencrypted PKCS#8 key. Write it 0600.
 * @example fs.writeFileSync('pump-1.pem', exportPem(identity), { mode: 0o600 })
 */
export function exportPem(identity: ExportableIdentity): string {
  const certificates = [identity.certificatePem, ...identity.chainPems].map((pem) => pem.trim() + '\n');
  return certificates.join('') + matchingKey(identity).export({ type: 'pkcs8', format: 'pem' }).toString();
}

function matchingKey(identity: ExportableIdentity): crypto.KeyObject {
  const key = crypto.createPrivateKey(identity.privateKeyPem);
  const spki = (k: crypto.KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
  const certificateKey = new crypto.X509Certificate(identity.certificatePem).publicKey;
  if (!spki(crypto.createPublicKey(key)).equals(spki(certificateKey))) {
    throw new PumplabError('INPUT_INVALID', 'The private key does not match the certificate.', {
      problems: ['privateKeyPem: not the key of certificatePem'],
    });
  }
  return key;
}

/** friendlyName as a BMPString (RFC 2985 5.5.1) and localKeyId (5.5.2). */
function bagAttributes(friendlyName: string, localKeyId: Buffer): Node {
  // forge writes a BMPSTRING's JavaScript string as UTF-16BE code units (X.690 8.23.8).
  const bmp = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.BMPSTRING, false, friendlyName);
  return set([
    sequence([oid(P12.friendlyName), set([bmp])]),
    sequence([oid(P12.localKeyId), set([octets(localKeyId)])]),
  ]);
}

/** CertBag with an x509Certificate (RFC 7292 4.2.3): the DER inside an OCTET STRING. */
function certBag(der: Buffer, attributes?: Node): Node {
  const value = sequence([oid(P12.x509Certificate), explicit(0, [octets(der)])]);
  return sequence([oid(P12.certBag), explicit(0, [value]), ...(attributes ? [attributes] : [])]);
}

const dataContentInfo = (content: Node): Node =>
  sequence([oid(OID.data), explicit(0, [octets(toDer(content))])]);

/** MacData (RFC 7292 4): HMAC-SHA256 over the AuthenticatedSafe, keyed by the B.2 KDF with ID 3. */
function macData(authenticatedSafe: Buffer, password: string): Node {
  const salt = crypto.randomBytes(saltBytes);
  const macKey = forge.pkcs12
    .generateKey(
      password,
      forge.util.createBuffer(salt.toString('binary')),
      3,
      macIterations,
      32,
      forge.md.sha256.create(),
    )
    .getBytes();
  const mac = crypto.createHmac('sha256', Buffer.from(macKey, 'binary')).update(authenticatedSafe).digest();
  return sequence([
    sequence([sequence([oid(OID.sha256), nullNode()]), octets(mac)]),
    octets(salt),
    integer(macIterations),
  ]);
}
