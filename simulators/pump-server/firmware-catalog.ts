import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { parseFirmwareImage } from '../contract/firmware-image.ts';
import type { ReleaseSigner } from './release-signer.ts';
import type { ReleaseStore, SignedRelease } from './release-store.ts';

/** A firmware version as listed. */
export interface FirmwareSummary {
  version: string;
  model: string;
  size: number;
  sha256: string;
  signer: string;
  signerSerial: string;
  signedAt: string;
}

/**
 * The firmware versions the pump server holds: each image is checked (PLFW/1 framing, its header
 * version equal to the version declared), signed with the server's code-signing identity and kept.
 */
export class FirmwareCatalog {
  private readonly logger: Logger;

  constructor(
    private readonly releases: ReleaseStore,
    private readonly sign: ReleaseSigner,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger.child({ component: 'firmware' });
  }

  /**
   * Checks, signs and stores `image` as firmware `version`.
   * @throws PumplabError FIRMWARE_IMAGE_INVALID, FIRMWARE_VERSION_EXISTS, or a PKI code.
   * @example catalog.add('2.1.0', buildFirmwareImage({ model, version: '2.1.0', body }))
   */
  add(version: string, image: Buffer): FirmwareSummary {
    const parsed = parseFirmwareImage(image);
    if (parsed.version !== version) {
      throw new PumplabError(
        'FIRMWARE_IMAGE_INVALID',
        `The image is version ${parsed.version}, not ${version}.`,
        {
          reason: 'version differs from the header',
          header: parsed.version,
          version,
        },
      );
    }
    if (this.releases.get('firmware', version)) {
      throw new PumplabError('FIRMWARE_VERSION_EXISTS', `Firmware ${version} already exists.`, { version });
    }
    const signature = this.sign(image);
    this.releases.add({
      kind: 'firmware',
      version,
      content: image,
      ...signature,
      meta: { model: parsed.model },
    });
    this.logger.info({ version, model: parsed.model, signer: signature.signer }, 'firmware signed');
    return this.summary(version);
  }

  /** Every version, lowest first. */
  list(): FirmwareSummary[] {
    return this.releases.list('firmware').map(summarise);
  }

  /** One version's summary. @throws PumplabError FIRMWARE_UNKNOWN_VERSION */
  summary(version: string): FirmwareSummary {
    return summarise(this.release(version));
  }

  /** The signed image and its DER signature. @throws PumplabError FIRMWARE_UNKNOWN_VERSION */
  release(version: string): SignedRelease {
    const release = this.releases.get('firmware', version);
    if (!release) throw new PumplabError('FIRMWARE_UNKNOWN_VERSION', `No firmware ${version}.`, { version });
    return release;
  }
}

function summarise(release: SignedRelease): FirmwareSummary {
  return {
    version: release.version,
    model: release.meta['model'] ?? 'unknown',
    size: release.content.length,
    sha256: release.sha256,
    signer: release.signer,
    signerSerial: release.signerSerial,
    signedAt: release.signedAt,
  };
}
