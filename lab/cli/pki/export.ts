import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { PumplabError } from '../../../core/errors.ts';
import { exportPem, exportPkcs12 } from '../../../pki/pkcs12.ts';
import { writeFileAtomic } from '../../../pki/store/secure-files.ts';
import { emit } from '../output.ts';
import {
  cliAction,
  readInputFile,
  stateOptionsSchema,
  withAuthority,
  withStateOptions,
} from '../shared-options.ts';
import { identityBundle } from './identity-bundle.ts';

const formats = ['pem', 'p12'] as const;
const exportOptions = stateOptionsSchema.extend({
  name: z.string().min(1),
  format: z.enum(formats),
  password: z.string().optional(),
  passwordFile: z.string().optional(),
  out: z.string().min(1).optional(),
});

/** The password from `--password` or the first line of `--password-file` (as openssl's `file:`). */
function passwordOf(options: z.infer<typeof exportOptions>): string {
  if (options.passwordFile !== undefined) {
    return readInputFile(options.passwordFile).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  if (options.password !== undefined) return options.password;
  throw new PumplabError('INPUT_INVALID', 'A PKCS#12 export needs --password or --password-file.', {
    problems: ['password: required for --format p12'],
  });
}

/** `pumplab pki export`: an identity (key, certificate, chain) as PEM or a password-protected PKCS#12. */
export function registerExport(pki: Command): void {
  withStateOptions(pki.command('export').description('export an identity as PEM or PKCS#12'))
    .argument('<name>', 'the certificate name')
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('pem'))
    .addOption(
      new Option(
        '--password <password>',
        'PKCS#12 password (visible to ps; prefer --password-file)',
      ).conflicts('passwordFile'),
    )
    .option('--password-file <file>', 'read the PKCS#12 password from the first line of a file')
    .option('--out <file>', 'output file, mode 0600 (default: <name>.pem or <name>.p12; - for stdout)')
    .action(
      cliAction(exportOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const bundle = identityBundle(authority, options.name);
          const content =
            options.format === 'p12'
              ? exportPkcs12(bundle, passwordOf(options), options.name)
              : exportPem(bundle);
          if (options.out === '-') {
            process.stdout.write(content);
            return;
          }
          // The file holds the private key: owner-only, like the store's own key files.
          const out = path.resolve(options.out ?? `${options.name}.${options.format}`);
          writeFileAtomic(out, content, 0o600);
          emit(
            options,
            { name: options.name, format: options.format, file: out },
            () => `exported ${options.name} (${options.format}): ${out}`,
          );
        }),
      ),
    );
}
