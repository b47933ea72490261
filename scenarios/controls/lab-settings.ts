import type { ControlId } from './controls.ts';

/**
 * The real configuration a set of controls gives the lab: what the lab launcher applies to its
 * gateway, servers and pumps. Plain data, so a lab in another process or container can take it.
 */
export interface LabSettings {
  /** The gateway policy. */
  policy: 'flat' | 'segmented';
  /** Pumps present device certificates to the gateway's admission service before joining. */
  admission: boolean;
  /** Broker, HL7 listeners and pump server REST require client certificates. */
  mutualTls: boolean;
  /** The broker authorizes topics by identity. */
  brokerAuthorization: boolean;
  /** Servers and admission check client certificates against the CRLs. */
  checkRevocation: boolean;
  /** Every pump checks drug library signatures (older firmware included). */
  requireSignedLibraries: boolean;
  /** Every pump checks firmware signatures. */
  requireSignedFirmware: boolean;
  /** Firmware versions of the ward with weights. */
  firmwareMix: Record<string, number>;
  /** Each maintenance console gets its own random login (none keeps the factory one). */
  uniqueMaintenanceCredentials: boolean;
  /** Every pump seals its store. */
  encryptStore: boolean;
  /** The gateway limits how fast one source may open connections. */
  connectionRateLimit: boolean;
  /** The monitor runs and raises alerts. */
  monitoring: boolean;
}

/** A hospital is never all patched: a third each of legacy, interim and patched firmware. */
export const wardFirmwareMix: Readonly<Record<string, number>> = { '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 };

/** The configuration `controls` give; every control absent leaves the 2015 default. */
export function settingsFor(controls: ReadonlySet<ControlId>): LabSettings {
  const on = (id: ControlId): boolean => controls.has(id);
  return {
    policy: on('segmentation') ? 'segmented' : 'flat',
    admission: on('device-admission'),
    mutualTls: on('mutual-tls'),
    brokerAuthorization: on('broker-authorization'),
    checkRevocation: on('revocation-checks'),
    requireSignedLibraries: on('signed-libraries'),
    requireSignedFirmware: on('signed-firmware'),
    firmwareMix: on('patched-firmware') ? { '4.2.1': 1 } : { ...wardFirmwareMix },
    uniqueMaintenanceCredentials: on('default-credentials-removed'),
    encryptStore: on('encryption-at-rest'),
    connectionRateLimit: on('rate-limits'),
    monitoring: on('monitoring'),
  };
}
