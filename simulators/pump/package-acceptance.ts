import { isPumplabError, PumplabError } from '../../core/errors.ts';
import { drugLibrarySchema, type DrugLibrary } from '../contract/drug-library.ts';
import { parseFirmwareImage, type FirmwareHeader } from '../contract/firmware-image.ts';
import { compareVersions, firmwareVersion, type FirmwareVersion } from './firmware-catalog.ts';
import type { SecurityPolicy } from './security-policy.ts';

/**
 * Verifies a detached CMS signature over `content` (injected, so the pump does not import the PKI
 * CLI). Returns the signer's subject; throws when the signature is invalid, untrusted or revoked.
 */
export type SignatureVerifier = (content: Buffer, signature: Buffer) => { signerSubject: string };

/** What the acceptance rules need to know about the pump. */
export interface AcceptanceContext {
  policy: SecurityPolicy;
  verify: SignatureVerifier;
  model: string;
  careArea: string;
  firmware: FirmwareVersion;
}

/** A package that passed the rules, and who signed it (null when the pump did not check). */
export interface Accepted<T> {
  value: T;
  signerSubject: string | null;
}

/**
 * The rules for a drug library, the same whether it arrives over the network or on removable media:
 * the signature first when the pump requires one (ICSMA-23-194-01: a tampered library reached
 * pumps), then the format, then the pump's care area must be in it.
 */
export function acceptLibrary(
  content: Buffer,
  signature: Buffer | null,
  context: AcceptanceContext,
): Accepted<DrugLibrary> {
  const signerSubject = checkSignature(context.policy.requireSignedLibraries, content, signature, context);
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch (error) {
    throw new PumplabError('PUMP_LIBRARY_INVALID', 'The drug library is not JSON.', {}, { cause: error });
  }
  const parsed = drugLibrarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PumplabError('PUMP_LIBRARY_INVALID', 'The drug library fails its schema.', {
      path: issue?.path.join('.') ?? '',
    });
  }
  if (!parsed.data.careAreas.some((area) => area.id === context.careArea)) {
    throw new PumplabError('PUMP_CARE_AREA_UNKNOWN', `The library has no care area ${context.careArea}.`, {
      careArea: context.careArea,
      libraryVersion: parsed.data.version,
    });
  }
  return { value: parsed.data, signerSubject };
}

/**
 * The rules for a firmware image: signature when required (ICSMA-19-164-01, CVE-2019-10959:
 * unsigned firmware accepted), a PLFW image for this model naming a catalogued version (the one
 * the command names, when it names one), and no rollback on firmware that forbids it.
 */
export function acceptFirmware(
  image: Buffer,
  signature: Buffer | null,
  context: AcceptanceContext,
  expectedVersion?: string,
): Accepted<FirmwareVersion> {
  const signerSubject = checkSignature(context.policy.requireSignedFirmware, image, signature, context);
  const manifest = readImage(image);
  if (expectedVersion !== undefined && manifest.version !== expectedVersion) {
    throw new PumplabError('PUMP_FIRMWARE_INVALID', 'The image is not the version the command names.', {
      version: manifest.version,
      expected: expectedVersion,
    });
  }
  if (manifest.model !== context.model) {
    throw new PumplabError('PUMP_FIRMWARE_INVALID', `The image is for ${manifest.model}, not this model.`, {
      model: manifest.model,
    });
  }
  const target = firmwareVersion(manifest.version);
  if (context.policy.rollbackProtection && compareVersions(target.version, context.firmware.version) < 0) {
    throw new PumplabError('PUMP_FIRMWARE_DOWNGRADE', `Refusing to roll back to ${target.version}.`, {
      version: target.version,
      current: context.firmware.version,
    });
  }
  return { value: target, signerSubject };
}

/** The image's header; a malformed image is the pump's own PUMP_FIRMWARE_INVALID, with the reason. */
function readImage(image: Buffer): FirmwareHeader {
  try {
    return parseFirmwareImage(image);
  } catch (error) {
    const reason = isPumplabError(error) ? error.details['reason'] : undefined;
    throw new PumplabError(
      'PUMP_FIRMWARE_INVALID',
      'The image is not a valid PLFW/1 firmware image.',
      { reason: typeof reason === 'string' ? reason : 'unreadable' },
      { cause: error },
    );
  }
}

/** The signer's subject, or null when signatures are not required: such firmware never looks. */
function checkSignature(
  required: boolean,
  content: Buffer,
  signature: Buffer | null,
  context: AcceptanceContext,
): string | null {
  if (!required) return null;
  if (!signature || signature.length === 0) {
    throw new PumplabError('PUMP_SIGNATURE_REQUIRED', 'This pump accepts signed packages only.');
  }
  try {
    return context.verify(content, signature).signerSubject;
  } catch (error) {
    const cause = isPumplabError(error) ? error.code : 'VERIFIER_ERROR';
    throw new PumplabError(
      'PUMP_SIGNATURE_INVALID',
      'The package signature does not verify.',
      { cause },
      {
        cause: error,
      },
    );
  }
}
