import { X509Certificate } from 'node:crypto';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { PumplabError } from '../../../core/errors.ts';
import { verifyCertificate, type Purpose } from '../../../pki/chain-verifier.ts';
import { OID } from '../../../pki/asn1/oids.ts';
import { pemBlocks } from '../../../pki/asn1/der.ts';
import { caNames } from '../../../pki/hierarchy.ts';
import { emit } from '../output.ts';
import {
  cliAction,
  readInputFile,
  stateOptionsSchema,
  withAuthority,
  withStateOptions,
} from '../shared-options.ts';

const purposes = ['clientAuth', 'serverAuth', 'codeSigning'] as const satisfies readonly Purpose[];
const verifyOptions = stateOptionsSchema.extend({
  certFile: z.string().min(1),
  purpose: z.enum(purposes).optional(),
});

/** Without --purpose, the first purpose the certificate's extended key usage names (RFC 5280 4.2.1.12). */
function purposeOf(certificatePem: string): Purpose {
  const byOid: Record<string, Purpose> = {
    [OID.serverAuth]: 'serverAuth',
    [OID.clientAuth]: 'clientAuth',
    [OID.codeSigning]: 'codeSigning',
  };
  const usages = new X509Certificate(certificatePem).keyUsage ?? [];
  return usages.map((oid) => byOid[oid]).find((purpose) => purpose !== undefined) ?? 'clientAuth';
}

/** The PEM certificates in a file, in order; one that does not parse is INPUT_INVALID. */
function certificatesIn(file: string): string[] {
  try {
    return pemBlocks(readInputFile(file).toString('utf8'), 'CERTIFICATE').map((der) =>
      new X509Certificate(der).toString(),
    );
  } catch (error) {
    if (error instanceof PumplabError) throw error;
    throw new PumplabError(
      'INPUT_INVALID',
      `${file} holds a certificate that does not parse.`,
      { file },
      { cause: error },
    );
  }
}

/**
 * `pumplab pki verify`: validates a certificate against the lab root with every CA's CRL, as a relying
 * party would (RFC 5280 section 6). Extra certificates in the file are offered as intermediates.
 */
export function registerVerify(pki: Command): void {
  withStateOptions(pki.command('verify').description('validate a certificate against the lab root and CRLs'))
    .argument('<certFile>', 'a PEM certificate (optionally followed by its chain)')
    .addOption(
      new Option(
        '--purpose <purpose>',
        "the key purpose required (default: the certificate's first)",
      ).choices(purposes),
    )
    .action(
      cliAction(verifyOptions, (options) =>
        withAuthority(options.dir, (authority) => {
          const [certificatePem, ...offered] = certificatesIn(options.certFile);
          if (!certificatePem) {
            throw new PumplabError('INPUT_INVALID', `${options.certFile} holds no PEM certificate.`, {
              file: options.certFile,
            });
          }
          const issuing = caNames.filter((ca) => ca !== 'root-ca').map((ca) => authority.caPem(ca));
          const purpose = options.purpose ?? purposeOf(certificatePem);
          const result = verifyCertificate({
            certificatePem,
            intermediatePems: [...offered, ...issuing],
            trustAnchorPem: authority.rootPem(),
            crlPems: authority.crlPems(),
            at: new Date(),
            purpose,
          });
          emit(options, { valid: true, purpose, ...result }, () =>
            [
              `valid for ${purpose}: ${result.subject}`,
              ...result.issuers.map((issuer) => `  issued by ${issuer}`),
            ].join('\n'),
          );
        }),
      ),
    );
}
