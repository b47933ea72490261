import type { CertificateRecord } from '../../../pki/certificate-record.ts';
import { formatTable } from '../output.ts';

/** Certificate records as the human table `pki list`, `pki init` and `pki issue` print. */
export function recordTable(records: readonly CertificateRecord[]): string {
  return formatTable(records, [
    { header: 'NAME', value: (record) => record.name },
    { header: 'ROLE', value: (record) => record.role },
    { header: 'STATUS', value: (record) => record.status },
    { header: 'KEY', value: (record) => record.keyType },
    { header: 'ISSUER', value: (record) => record.issuer ?? '-' },
    { header: 'NOT AFTER', value: (record) => record.notAfter.slice(0, 10) },
    { header: 'SERIAL', value: (record) => record.serial },
  ]);
}
