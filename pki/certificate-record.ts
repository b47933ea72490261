import type { IndexRow } from './store/certificate-index.ts';

/** A certificate's status as a relying party sees it now: the index status, or the validity window. */
export type CertificateStatus = 'valid' | 'revoked' | 'superseded' | 'expired' | 'not-yet-valid';

/** One certificate as `pki list` shows it. */
export interface CertificateRecord {
  serial: string;
  name: string;
  role: IndexRow['role'];
  issuer: string | null;
  subject: string;
  keyType: IndexRow['keyType'];
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  revokedAt: string | null;
  revocationReason: string | null;
}

/** The record of an index row at time `now` (ms). */
export function toRecord(row: IndexRow, now: number): CertificateRecord {
  let status: CertificateStatus = row.status;
  if (status === 'valid' && Date.parse(row.notAfter) < now) status = 'expired';
  if (status === 'valid' && Date.parse(row.notBefore) > now) status = 'not-yet-valid';
  return {
    serial: row.serial,
    name: row.name,
    role: row.role,
    issuer: row.issuer,
    subject: row.subject,
    keyType: row.keyType,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
    status,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
  };
}
