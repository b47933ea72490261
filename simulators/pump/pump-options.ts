import type { LabClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import type { DrugLibrary } from '../contract/drug-library.ts';
import type { WifiConfig } from './local-store.ts';
import type { MaintenanceLimits } from './maintenance-service.ts';
import type { SignatureVerifier } from './package-acceptance.ts';

/** How to build a {@link Pump}. */
export interface PumpOptions {
  serial: string;
  model: string;
  /** A version from firmware-catalog.ts (`2.4.0`, `3.1.0`, `4.2.1`). */
  firmware: string;
  careArea: string;
  mac: string;
  clock: LabClock;
  random: Random;
  logger?: Logger;
  /** Directory of the pump's local store; in memory when absent. */
  storeDir?: string;
  /** Lab ms between periodic statuses (default 10,000: the contract's 10 s). */
  statusIntervalMs?: number;
  /** The "signed drug libraries" control: tightens firmware that does not check. */
  requireSignedLibraries?: boolean;
  /** The "signed firmware" control. */
  requireSignedFirmware?: boolean;
  /** The "encryption at rest" control. */
  encryptStore?: boolean;
  /** Verifies a detached CMS signature; throws when invalid (injected: the pump does not import the PKI). */
  verifySignature: SignatureVerifier;
  /** A library installed at the factory (trusted without signature); none by default. */
  library?: DrugLibrary;
  /** The Wi-Fi network and key the pump keeps (default: a random PSK on `pumplab-clinical`). */
  wifi?: WifiConfig;
  /** The secret the store key derives from (default: made once, kept in `<storeDir>/<serial>.secure-element`). */
  deviceSecret?: Buffer;
  /** The "default credentials removed" control: replaces the maintenance shell's factory login. */
  maintenanceCredentials?: { user: string; password: string };
  maintenanceLimits?: Partial<MaintenanceLimits>;
}

/** Who the pump is, as the fleet inventory lists it. */
export interface PumpIdentity {
  serial: string;
  model: string;
  firmware: string;
  careArea: string;
  mac: string;
  libraryVersion: string | null;
}
