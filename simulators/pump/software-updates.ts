import { isPumplabError, PumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { DrugLibrary } from '../contract/drug-library.ts';
import type { DeliveryEvent, EventDetail } from './delivery-types.ts';
import { firmwareVersion, type FirmwareVersion } from './firmware-catalog.ts';
import { acceptFirmware, acceptLibrary, type SignatureVerifier } from './package-acceptance.ts';
import { securityPolicy, type SecurityConfig, type SecurityPolicy } from './security-policy.ts';

/** How a package reached the pump: from its server, or through its USB/removable-media port. */
export type InstallSource = 'network' | 'media';

/** The pump's identity, configuration and the hooks an install reports through. */
export interface SoftwareUpdatesOptions {
  model: string;
  careArea: string;
  firmware: string;
  config: SecurityConfig;
  verify: SignatureVerifier;
  /** A library installed at the factory, trusted without a signature. */
  library?: DrugLibrary;
  /** True while an infusion is active: firmware waits for it to end. */
  infusionActive: () => boolean;
  /** Publishes an installed or rejected event. */
  report: (event: DeliveryEvent) => void;
  /** Told the new policy after a firmware change, to apply it (store sealing, services). */
  onFirmwareChanged: (policy: SecurityPolicy) => void;
  logger: Logger;
}

/**
 * The pump's installed firmware and drug library, and the one place packages are installed, so the
 * network and the media port follow the same rules. A library may install during an infusion (it
 * applies to the next program: the running one was checked when programmed); firmware never does,
 * so a rollout never interrupts an infusion.
 */
export class SoftwareUpdates {
  private current: FirmwareVersion;
  private currentPolicy: SecurityPolicy;
  private installed: DrugLibrary | null;

  constructor(private readonly options: SoftwareUpdatesOptions) {
    this.current = firmwareVersion(options.firmware);
    this.currentPolicy = securityPolicy(this.current, options.config);
    this.installed = options.library ?? null;
  }

  get firmware(): FirmwareVersion {
    return this.current;
  }

  get policy(): SecurityPolicy {
    return this.currentPolicy;
  }

  get library(): DrugLibrary | null {
    return this.installed;
  }

  /** Installs a drug library, or throws (after reporting `library-rejected`) with the reason. */
  installLibrary(content: Buffer, signature: Buffer | null, source: InstallSource): DrugLibrary {
    try {
      const { value, signerSubject } = acceptLibrary(content, signature, this.context());
      const previous = this.installed?.version ?? 'none';
      this.installed = value;
      this.options.logger.info({ version: value.version, previous, source }, 'drug library installed');
      this.options.report({
        type: 'library-installed',
        detail: { version: value.version, previous, source, ...signed(signerSubject) },
      });
      return value;
    } catch (error) {
      throw this.rejected('library-rejected', error, source);
    }
  }

  /** Installs firmware, or throws (after reporting `firmware-rejected`) with the reason. */
  installFirmware(
    image: Buffer,
    signature: Buffer | null,
    source: InstallSource,
    expectedVersion?: string,
  ): FirmwareVersion {
    try {
      if (this.options.infusionActive()) {
        throw new PumplabError('PUMP_BUSY', 'Firmware installs only when no infusion is active.');
      }
      const { value, signerSubject } = acceptFirmware(image, signature, this.context(), expectedVersion);
      const previous = this.current.version;
      this.current = value;
      this.currentPolicy = securityPolicy(value, this.options.config);
      this.options.logger.info({ version: value.version, previous, source }, 'firmware installed');
      this.options.report({
        type: 'firmware-installed',
        detail: { version: value.version, previous, source, ...signed(signerSubject) },
      });
      this.options.onFirmwareChanged(this.currentPolicy);
      return value;
    } catch (error) {
      throw this.rejected('firmware-rejected', error, source);
    }
  }

  private context(): Parameters<typeof acceptLibrary>[2] {
    const { model, careArea, verify } = this.options;
    return { policy: this.currentPolicy, verify, model, careArea, firmware: this.current };
  }

  private rejected(
    type: 'library-rejected' | 'firmware-rejected',
    error: unknown,
    source: InstallSource,
  ): unknown {
    const reason = isPumplabError(error) ? error.code : 'PUMP_COMMAND_FAILED';
    this.options.logger.warn({ reason, source, err: (error as Error).message }, type);
    this.options.report({ type, detail: { reason, source } });
    return error;
  }
}

function signed(signerSubject: string | null): EventDetail {
  return signerSubject === null
    ? { signatureChecked: false }
    : { signatureChecked: true, signer: signerSubject };
}
