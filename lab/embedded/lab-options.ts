import type { LabClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import type { LabNetworkParts, ZoneOptions } from '../network/start-lab-network.ts';
import type { ClinicalSystems } from './clinical-systems.ts';
import type { ClinicalInfusion } from './clinical-ward.ts';
import type { LabDescription } from './lab-description.ts';

/** Where each component listens; 0 picks a free port (and then the gateway takes free ports too). */
export interface EmbeddedLabPorts {
  mqtt?: number;
  rest?: number;
  /** The pump server's HL7 listener (ADT, PCD-03). */
  hl7?: number;
  ehrHl7?: number;
  ehrRest?: number;
  /** The gateway's REST API on 127.0.0.1 (zoned lab). */
  gatewayApi?: number;
}

/** What an embedded lab runs. */
export interface EmbeddedLabOptions {
  /** The lab state directory; its PKI must hold the lab's identities (`ensureLabPki`). */
  stateDir: string;
  pumps: number;
  seed: string | number;
  /**
   * Lab time runs this many times faster than real time. With `clock`, the fastest speed that clock
   * will run at while the ward's orders are live: it sizes the five rights' "right time" window.
   */
  clockSpeed: number;
  /**
   * The lab clock, when the caller steers it (a scenario run's `VariableClock`, sped up for the
   * exposure period). Default: a `ScaledClock` at `clockSpeed`.
   */
  clock?: LabClock;
  /**
   * Every component on this one host with no gateway (a container, a trainer's chosen address).
   * Default: the zoned lab, each component on its own loopback address in its zone.
   */
  host?: string;
  /** The zoned lab's topology, policy and admission. */
  zones?: ZoneOptions;
  ports?: EmbeddedLabPorts;
  /** Firmware versions with weights, e.g. { '2.4.0': 3, '4.2.1': 1 }; default a third each of 2.4.0, 3.1.0, 4.2.1. */
  firmwareMix?: Record<string, number>;
  /** The controls the servers, pumps and gateway apply (a posture's configuration). */
  security?: LabSecurity;
  /** How many pumps infuse from the start; default one in three. */
  infusing?: number;
  /** How many EHR patients; default two per infusing pump, at least 12. */
  patients?: number;
  logger?: Logger;
}

/**
 * The security configuration of the lab's servers, pumps and gateway; each field one control of
 * scenarios/controls/ (zones.policy and zones.admission, and firmwareMix, carry the others).
 */
export interface LabSecurity {
  /**
   * Broker, both HL7 listeners, the EHR REST API and (when given as true) the pump server REST API
   * require client certificates; off: one-way TLS, and pumps claim their identity by client id.
   * Default on (the pump server REST API: one-way HTTPS unless given).
   */
  mutualTls?: boolean;
  /** The broker authorizes topics by certificate or claimed identity. Default on. */
  brokerAuthorization?: boolean;
  /** Servers check client certificates against the CRLs. Default on. */
  checkRevocation?: boolean;
  /** Every pump checks library signatures, whatever its firmware does. Default off (the firmware decides). */
  requireSignedLibraries?: boolean;
  /** Every pump checks firmware signatures. Default off (the firmware decides). */
  requireSignedFirmware?: boolean;
  /** Every pump seals its store. Default off (the firmware decides). */
  encryptStore?: boolean;
  /** Each maintenance console gets its own random login. Default off (the factory login). */
  uniqueMaintenanceCredentials?: boolean;
  /** The gateway refuses a source opening connections faster than its rate (20 per 10 s of lab time). Default off. */
  connectionRateLimit?: boolean;
  /** The monitor runs, and the servers' security events feed it. Default on. */
  monitoring?: boolean;
}

/** The default ports of `pumplab up`: MQTT over TLS (IANA 8883), HTTPS, HL7 over MLLP (IANA 2575). */
export const labPorts = {
  mqtt: 8883,
  rest: 8443,
  hl7: 2576,
  ehrHl7: 2575,
  ehrRest: 9443,
  gatewayApi: 8090,
} as const;

/**
 * Where one pump's maintenance console is, or would be: firmware without a console (4.2.1) leaves
 * the port closed, and whoever dials it is refused, as a real pump's TCP stack refuses a closed port.
 */
export interface PumpConsolePort {
  serial: string;
  host: string;
  port: number;
  /** Its firmware keeps a console and it listens. */
  open: boolean;
}

/** The parts of a started lab. */
export interface LabParts {
  server: PumpServer;
  fleet: Fleet;
  clinical: ClinicalSystems;
  network: LabNetworkParts;
  clock: LabClock;
  infusions: readonly ClinicalInfusion[];
  description: LabDescription;
  /** Every pump's maintenance console port, open or closed (a zoned lab; none on a single host). */
  consoles: readonly PumpConsolePort[];
}
