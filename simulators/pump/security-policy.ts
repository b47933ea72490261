import type { FirmwareVersion } from './firmware-catalog.ts';

/** What a deployment turns on over and above the firmware (the lab's controls). */
export interface SecurityConfig {
  /** The "signed drug libraries" control. */
  requireSignedLibraries?: boolean;
  /** The "signed firmware" control. */
  requireSignedFirmware?: boolean;
  /** The "encryption at rest" control. */
  encryptStore?: boolean;
  /** The "default credentials removed" control: the maintenance shell's login is changed. */
  maintenanceCredentials?: { user: string; password: string };
}

/** What the pump actually enforces: the firmware's traits, tightened by its configuration. */
export interface SecurityPolicy {
  requireSignedLibraries: boolean;
  requireSignedFirmware: boolean;
  encryptStore: boolean;
  rollbackProtection: boolean;
  /** The maintenance shell's login, or null when the firmware has no such service. */
  maintenance: { user: string; password: string } | null;
  /** The shell's login parser overflows (CVE-2017-12718 pattern): only a firmware update fixes it. */
  vulnerableParser: boolean;
}

/**
 * Combines firmware and configuration. Configuration can only tighten: it can turn a check on that
 * the firmware leaves off, never turn off a check the firmware makes, and it cannot add a service
 * the firmware lacks (SP 1800-8 answers weak firmware with configuration and compensating controls).
 */
export function securityPolicy(firmware: FirmwareVersion, config: SecurityConfig): SecurityPolicy {
  const { traits } = firmware;
  return {
    requireSignedLibraries: traits.requiresSignedLibraries || config.requireSignedLibraries === true,
    requireSignedFirmware: traits.requiresSignedFirmware || config.requireSignedFirmware === true,
    encryptStore: traits.encryptedStore || config.encryptStore === true,
    rollbackProtection: traits.rollbackProtection,
    maintenance: traits.maintenanceService && (config.maintenanceCredentials ?? traits.maintenanceService),
    vulnerableParser: traits.vulnerableParser,
  };
}
