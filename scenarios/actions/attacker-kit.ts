import { buildCertificate, randomSerial } from '../../pki/certificate-builder.ts';
import { buildCrl } from '../../pki/crl-builder.ts';
import { signDetached, type CodeSigner } from '../../pki/code-signing/sign-detached.ts';
import type { NameParts } from '../../pki/distinguished-name.ts';
import { generateKeyPair, keyIdentifier, type KeyPair } from '../../pki/keys.ts';
import { extensionsFor } from '../../pki/leaf-extensions.ts';

/**
 * The attacker's own signing material: a CA it made itself and a code-signing certificate under it,
 * built with the lab's certificate code but never its CA, its store or its keys. The names look
 * like the hospital's, as a forger's would; the keys are not, so a pump that checks signatures
 * against the lab root refuses what this kit signs (ICSMA-23-194-01 is what happens when it does not
 * check).
 */
export interface AttackerKit {
  /** The attacker's root: what the attacker's own signatures verify against. */
  caCertificatePem: string;
  /** The root's (empty) CRL: a relying party checks revocation all along the chain. */
  crlPem: string;
  signer: CodeSigner;
  /** A detached CMS SignedData over `content` (DER), as pki/code-signing signs releases. */
  sign(content: Buffer, at: Date): Buffer;
}

const organization = 'pumplab General Hospital';
const caName: NameParts = {
  organization,
  organizationalUnit: 'Clinical PKI',
  commonName: 'pumplab Root CA G2',
};
const signerName: NameParts = {
  organization,
  organizationalUnit: 'Biomedical Engineering',
  commonName: 'pumplab release signing',
};
/** Wide validity: a forger picks its own dates, and the lab clock may sit anywhere in them. */
const validity = { notBefore: new Date(Date.UTC(2015, 0, 1)), notAfter: new Date(Date.UTC(2045, 0, 1)) };

/**
 * Makes a fresh kit: an EC P-256 root and an RSA-2048 code-signing leaf (node-forge's CMS signer
 * signs with RSA only). About 100 ms, all in memory.
 *
 * @example const kit = createAttackerKit(); const signature = kit.sign(libraryBytes, new Date(lab.now()));
 */
export function createAttackerKit(): AttackerKit {
  const ca = generateKeyPair('ec-p256');
  const caKeyId = keyIdentifier(ca.publicKey);
  const caCertificatePem = buildCertificate({
    serialHex: randomSerial(),
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    ...validity,
    extensions: extensionsFor({
      role: 'root-ca',
      keyType: ca.type,
      publicKey: ca.publicKey,
      issuerKeyId: caKeyId,
    }),
  });
  const leaf: KeyPair = generateKeyPair('rsa-2048');
  const certificatePem = buildCertificate({
    serialHex: randomSerial(),
    subject: signerName,
    issuer: caName,
    publicKey: leaf.publicKey,
    signingKey: ca.privateKey,
    ...validity,
    extensions: extensionsFor({
      role: 'code-signing',
      keyType: leaf.type,
      publicKey: leaf.publicKey,
      issuerKeyId: caKeyId,
    }),
  });
  const signer: CodeSigner = {
    certificatePem,
    privateKeyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chainPems: [],
  };
  const crlPem = buildCrl({
    issuer: caName,
    issuerKeyId: caKeyId,
    signingKey: ca.privateKey,
    number: 1,
    thisUpdate: validity.notBefore,
    nextUpdate: validity.notAfter,
    entries: [],
  });
  return { caCertificatePem, crlPem, signer, sign: (content, at) => signDetached(content, signer, at) };
}

let shared: AttackerKit | undefined;

/** The kit of this process, made on first use: every run's attacker forges with the same tools. */
export function attackerKit(): AttackerKit {
  shared ??= createAttackerKit();
  return shared;
}
