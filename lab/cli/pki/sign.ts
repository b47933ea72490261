import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { signDetached } from '../../../pki/code-signing/sign-detached.ts';
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

const signOptions = stateOptionsSchema.extend({
  file: z.string().min(1),
  signer: z.string().min(1),
  out: z.string().min(1).optional(),
});

/** `pumplab pki sign`: a detached CMS signature (RFC 5652, DER) over a file, e.g. a drug library. */
export function registerSign(pki: Command): void {
  withStateOptions(pki.command('sign').description('sign a file with a code-signing identity (detached CMS)'))
    .argument('<file>', 'the file to sign')
    .requiredOption('--signer <name>', 'the code-signing certificate name')
    .option('--out <file>', 'where to write the DER signature (default: <file>.p7s)')
    .action(
      cliAction(signOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const content = readInputFile(options.file);
          const signer = identityBundle(authority, options.signer);
          const signingTime = new Date();
          const signature = signDetached(content, signer, signingTime);
          const out = path.resolve(options.out ?? `${options.file}.p7s`);
          writeFileAtomic(out, signature);
          const result = {
            file: path.resolve(options.file),
            signature: out,
            signer: options.signer,
            serial: signer.serial,
            signingTime: signingTime.toISOString(),
          };
          emit(options, result, () => `signed ${options.file} as ${options.signer}: ${out}`);
        }),
      ),
    );
}
