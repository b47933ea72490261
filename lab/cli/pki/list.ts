import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { CertificateStatus } from '../../../pki/certificate-record.ts';
import { emit } from '../output.ts';
import { cliAction, stateOptionsSchema, withAuthority, withStateOptions } from '../shared-options.ts';
import { recordTable } from './record-table.ts';

const statuses = [
  'valid',
  'revoked',
  'superseded',
  'expired',
  'not-yet-valid',
] as const satisfies readonly CertificateStatus[];
const listOptions = stateOptionsSchema.extend({ status: z.enum(statuses).optional() });

/** `pumplab pki list`: every certificate in the store with its status now. */
export function registerList(pki: Command): void {
  withStateOptions(pki.command('list').description('list certificates and their status'))
    .addOption(new Option('--status <status>', 'only certificates with this status').choices(statuses))
    .action(
      cliAction(listOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const certificates = authority
            .list()
            .filter((record) => !options.status || record.status === options.status);
          emit(options, certificates, () => recordTable(certificates));
        }),
      ),
    );
}
