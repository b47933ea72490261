import { isPumplabError, type ErrorCode } from '../../core/errors.ts';

/** What became of a file loaded through the media port. */
export type MediaLoadResult =
  | { outcome: 'accepted'; kind: 'library' | 'firmware'; version: string }
  | { outcome: 'rejected'; kind: 'library' | 'firmware'; reason: ErrorCode; message: string };

/** The pump's installers, with the same acceptance rules as over the network. */
export interface MediaInstallers {
  /** Installs a library; returns its version or throws the reason. */
  library(content: Buffer, signature: Buffer | null): string;
  /** Installs a firmware image; returns its version or throws the reason. */
  firmware(image: Buffer, signature: Buffer | null): string;
}

/**
 * The pump's USB / removable-media path: a lab API standing for someone with physical access
 * (ICSMA-17-017-02, CVE-2016-9355: a readable and writable card held the drug library). Files load
 * under exactly the rules network installs follow, so signature checking closes this path too.
 * @example pump.mediaPort.loadLibrary(fs.readFileSync('library.json'), fs.readFileSync('library.p7s'))
 */
export class MediaPort {
  constructor(private readonly installers: MediaInstallers) {}

  /** Loads a drug library file with its detached signature, if any. */
  loadLibrary(content: Buffer, signature?: Buffer): MediaLoadResult {
    return load('library', () => this.installers.library(content, signature ?? null));
  }

  /** Loads a firmware image (PLFW) with its detached signature, if any. */
  loadFirmware(image: Buffer, signature?: Buffer): MediaLoadResult {
    return load('firmware', () => this.installers.firmware(image, signature ?? null));
  }
}

function load(kind: 'library' | 'firmware', install: () => string): MediaLoadResult {
  try {
    return { outcome: 'accepted', kind, version: install() };
  } catch (error) {
    if (!isPumplabError(error)) throw error;
    return { outcome: 'rejected', kind, reason: error.code, message: error.message };
  }
}
