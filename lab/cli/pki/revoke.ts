import { Option, type Command } from 'commander';
import { z } from 'zod';
import { revocationReasons, type RevocationReason } from '../../../pki/crl-builder.ts';
import { emit } from '../output.ts';
import { cliAction, stateOptionsSchema, withAuthority, withStateOptions } from '../shared-options.ts';

const reasons = Object.keys(revocationReasons) as [RevocationReason, ...RevocationReason[]];
const revokeOptions = stateOptionsSchema.extend({ serial: z.string().min(1), reason: z.enum(reasons) });

/** `pumplab pki revoke`: revokes a certificate and republishes its issuer's CRL (RFC 5280 5.3.1 reasons). */
export function registerRevoke(pki: Command): void {
  withStateOptions(pki.command('revoke').description("revoke a certificate and republish its issuer's CRL"))
    .argument('<serial>', 'the serial number in hex, as `pki list` shows it')
    .addOption(new Option('--reason <reason>', 'the CRL reason code').choices(reasons).default('unspecified'))
    .action(
      cliAction(revokeOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const record = authority.revoke(options.serial, options.reason);
          const crlFile = authority.store.layout.crl(record.issuer ?? '');
          emit(
            options,
            { ...record, crlFile },
            () => `revoked ${record.name} (${record.serial}): ${options.reason}\nCRL: ${crlFile}`,
          );
        }),
      ),
    );
}
