import { Option, type Command } from 'commander';
import { z } from 'zod';
import { keyTypes } from '../../../pki/keys.ts';
import { leafRoles } from '../../../pki/profiles.ts';
import { emit } from '../output.ts';
import {
  cliAction,
  commaList,
  stateOptionsSchema,
  withAuthority,
  withStateOptions,
} from '../shared-options.ts';
import { recordTable } from './record-table.ts';

// Names and addresses are checked by the authority's own request schema (pki/issue-request.ts).
const issueOptions = stateOptionsSchema.extend({
  name: z.string(),
  role: z.enum(leafRoles),
  deviceSerial: z.string().optional(),
  dns: z.array(z.string()).optional(),
  ip: z.array(z.string()).optional(),
  keyType: z.enum(keyTypes).optional(),
});

/** `pumplab pki issue`: issues one end-entity certificate and key into the store. */
export function registerIssue(pki: Command): void {
  withStateOptions(pki.command('issue').description('issue a certificate and private key'))
    .requiredOption('--name <name>', 'the name the store knows it by (and its default CN)')
    .addOption(
      new Option('--role <role>', 'the certificate profile').choices(leafRoles).makeOptionMandatory(),
    )
    .option('--device-serial <serial>', "the pump's serial (required for --role device)")
    .option('--dns <names>', 'DNS subject alternative names, comma-separated', commaList)
    .option('--ip <addresses>', 'IP subject alternative names, comma-separated', commaList)
    .addOption(new Option('--key-type <type>', "key algorithm (default: the profile's)").choices(keyTypes))
    .action(
      cliAction(issueOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const identity = authority.issue({
            name: options.name,
            role: options.role,
            deviceSerial: options.deviceSerial,
            dnsNames: options.dns,
            ipAddresses: options.ip,
            keyType: options.keyType,
          });
          const record = authority.record(identity.serial);
          const files = {
            certificateFile: authority.store.layout.certificate(identity.serial),
            privateKeyFile: authority.store.layout.privateKey(identity.serial),
          };
          emit(options, { ...record, ...files }, () =>
            [
              recordTable([record]),
              '',
              `certificate: ${files.certificateFile}`,
              `private key: ${files.privateKeyFile}`,
            ].join('\n'),
          );
        }),
      ),
    );
}
