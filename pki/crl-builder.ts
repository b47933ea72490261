import type { KeyObject } from 'node:crypto';
import { explicit, integer, integerHex, sequence, time, toPem, type Node } from './asn1/der.ts';
import { encodeExtension, authorityKeyIdentifier, crlNumber, type Extension } from './extensions.ts';
import { encodeName, type NameParts } from './distinguished-name.ts';
import { signatureAlgorithm, signStructure } from './certificate-builder.ts';
import { OID } from './asn1/oids.ts';
import { fromDer } from './asn1/der.ts';

/** RFC 5280 5.3.1 CRLReason codes (value 7 is unused). */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlRequest {
  issuer: NameParts;
  issuerKeyId: Buffer;
  signingKey: KeyObject;
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: RevokedEntry[];
}

/** ENUMERATED reasonCode as an entry extension (RFC 5280 5.3.1). */
function reasonExtension(reason: RevocationReason): Extension {
  const enumerated = fromDer(Buffer.from([0x0a, 0x01, revocationReasons[reason]]));
  return { oid: OID.crlReason, critical: false, value: enumerated };
}

function encodeEntry(entry: RevokedEntry): Node {
  return sequence([
    integerHex(entry.serialHex),
    time(entry.revokedAt),
    sequence([encodeExtension(reasonExtension(entry.reason))]),
  ]);
}

/** Builds and signs a v2 CRL with CRL number and authority key identifier (RFC 5280 5.1, 5.2). */
export function buildCrl(request: CrlRequest): string {
  const fields: Node[] = [
    integer(1), // version v2
    signatureAlgorithm(request.signingKey),
    encodeName(request.issuer),
    time(request.thisUpdate),
    time(request.nextUpdate),
  ];
  // RFC 5280 5.1.2.6: omit revokedCertificates when there are none.
  if (request.entries.length > 0) fields.push(sequence(request.entries.map(encodeEntry)));
  const extensions = [authorityKeyIdentifier(request.issuerKeyId), crlNumber(request.number)];
  fields.push(explicit(0, [sequence(extensions.map(encodeExtension))]));
  return toPem('X509 CRL', signStructure(sequence(fields), request.signingKey));
}
