import type { Command } from 'commander';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { emit } from '../output.ts';
import { cliAction, cliLogger, stateOptionsSchema, withStateOptions } from '../shared-options.ts';
import { recordTable } from './record-table.ts';

/** `pumplab pki init`: creates the root and the three issuing CAs in a new state directory. */
export function registerInit(pki: Command): void {
  withStateOptions(pki.command('init').description('create the lab root CA and issuing CAs')).action(
    cliAction(stateOptionsSchema, (options) => {
      const authority = CertificateAuthority.init(options.dir, { logger: cliLogger() });
      try {
        const certificates = authority.list();
        const dir = authority.store.layout.root;
        emit(
          options,
          { dir, certificates },
          () => `created the lab PKI in ${dir}\n\n${recordTable(certificates)}`,
        );
      } finally {
        authority.close();
      }
    }),
  );
}
