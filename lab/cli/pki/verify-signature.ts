import type { Command } from 'commander';
import { z } from 'zod';
import { verifyDetached } from '../../../pki/code-signing/verify-detached.ts';
import { emit } from '../output.ts';
import {
  cliAction,
  readInputFile,
  stateOptionsSchema,
  withAuthority,
  withStateOptions,
} from '../shared-options.ts';

const verifySignatureOptions = stateOptionsSchema.extend({ file: z.string().min(1), sig: z.string().min(1) });

/** `pumplab pki verify-signature`: checks a detached signature and its signer's chain to the lab root. */
export function registerVerifySignature(pki: Command): void {
  withStateOptions(pki.command('verify-signature').description('verify a detached signature over a file'))
    .argument('<file>', 'the signed file')
    .argument('<sig>', 'the signature (DER or PEM CMS)')
    .action(
      cliAction(verifySignatureOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const signer = verifyDetached(readInputFile(options.file), readInputFile(options.sig), {
            trustAnchorPem: authority.rootPem(),
            crlPems: authority.crlPems(),
            at: new Date(),
          });
          emit(
            options,
            { valid: true, ...signer },
            () => `valid signature by ${signer.signerSubject} (serial ${signer.signerSerial})`,
          );
        }),
      ),
    );
}
