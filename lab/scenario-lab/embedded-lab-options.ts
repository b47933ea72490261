import type { LabClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { LabSettings } from '../../scenarios/controls/lab-settings.ts';
import type { EmbeddedLabOptions } from '../embedded/lab-options.ts';
import { scenarioClockSpeeds } from './lab-time.ts';

/** Where and how large the run's lab is. */
export interface ScenarioLabPlace {
  stateDir: string;
  pumps: number;
  /** The run's clock (lab-time.ts `scenarioClock`): it starts at the steps' speed. */
  clock: LabClock;
  logger?: Logger;
}

/**
 * The embedded lab a posture's settings give: the gateway policy and admission, the servers' and
 * pumps' security controls, the ward's firmware mix. Every port is free (0): the matrix runs labs
 * side by side in two processes on the same loopback addresses.
 * @example EmbeddedLab.start(embeddedLabOptions(settingsFor(new Set()), 'seed-1', { stateDir, pumps: 6 }))
 */
export function embeddedLabOptions(
  settings: LabSettings,
  seed: string,
  place: ScenarioLabPlace,
): EmbeddedLabOptions {
  return {
    stateDir: place.stateDir,
    pumps: place.pumps,
    // Half the ward infuses, a patient on every firmware version: each attack finds its target.
    infusing: Math.ceil(place.pumps / 2),
    seed,
    clock: place.clock,
    // The fastest the clock runs: the five rights' "right time" window is sized by it, so an order
    // can still be given after a run has let an hour of exposure pass at that speed.
    clockSpeed: scenarioClockSpeeds.waiting,
    zones: { policy: settings.policy, admission: settings.admission },
    ports: { mqtt: 0, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0, gatewayApi: 0 },
    firmwareMix: { ...settings.firmwareMix },
    security: {
      mutualTls: settings.mutualTls,
      brokerAuthorization: settings.brokerAuthorization,
      checkRevocation: settings.checkRevocation,
      requireSignedLibraries: settings.requireSignedLibraries,
      requireSignedFirmware: settings.requireSignedFirmware,
      encryptStore: settings.encryptStore,
      uniqueMaintenanceCredentials: settings.uniqueMaintenanceCredentials,
      connectionRateLimit: settings.connectionRateLimit,
      monitoring: settings.monitoring,
    },
    ...(place.logger ? { logger: place.logger } : {}),
  };
}
