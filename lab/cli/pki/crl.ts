import { Option, type Command } from 'commander';
import { z } from 'zod';
import { caNames } from '../../../pki/hierarchy.ts';
import { emit, formatTable } from '../output.ts';
import { cliAction, stateOptionsSchema, withAuthority, withStateOptions } from '../shared-options.ts';

const crlOptions = stateOptionsSchema.extend({ ca: z.enum(caNames).optional() });

/** `pumplab pki crl`: publishes a fresh CRL for one CA, or for every CA, and prints where it is. */
export function registerCrl(pki: Command): void {
  withStateOptions(pki.command('crl').description('publish fresh CRLs (every CA unless --ca)'))
    .addOption(new Option('--ca <ca>', 'only this CA').choices(caNames))
    .action(
      cliAction(crlOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const published = (options.ca ? [options.ca] : [...caNames]).map((ca) => {
            authority.publishCrl(ca);
            return { ca, file: authority.store.layout.crl(ca) };
          });
          emit(options, { crls: published }, () =>
            formatTable(published, [
              { header: 'CA', value: (crl) => crl.ca },
              { header: 'CRL', value: (crl) => crl.file },
            ]),
          );
        }),
      ),
    );
}
