import type { ScaledClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import type { ClinicalSystems } from './clinical-systems.ts';
import type { ClinicalInfusion } from './clinical-ward.ts';
import type { LabDescription } from './lab-description.ts';

/** Where each component listens; 0 picks a free port. */
export interface EmbeddedLabPorts {
  mqtt?: number;
  rest?: number;
  /** The pump server's HL7 listener (ADT, PCD-03). */
  hl7?: number;
  ehrHl7?: number;
  ehrRest?: number;
}

/** What an embedded lab runs. */
export interface EmbeddedLabOptions {
  /** The lab state directory; its PKI must hold the lab's identities (`ensureLabPki`). */
  stateDir: string;
  pumps: number;
  seed: string | number;
  /** Lab time runs this many times faster than real time. */
  clockSpeed: number;
  /** Where every component listens; default 127.0.0.1 (loopback only). */
  host?: string;
  ports?: EmbeddedLabPorts;
  /** How many EHR patients; default two per infusing pump, at least 12. */
  patients?: number;
  logger?: Logger;
}

/** The default ports of `pumplab up`: MQTT over TLS (IANA 8883), HTTPS, HL7 over MLLP (IANA 2575). */
export const labPorts = { mqtt: 8883, rest: 8443, hl7: 2576, ehrHl7: 2575, ehrRest: 9443 } as const;

/** The parts of a started lab. */
export interface LabParts {
  server: PumpServer;
  fleet: Fleet;
  clinical: ClinicalSystems;
  clock: ScaledClock;
  infusions: readonly ClinicalInfusion[];
  description: LabDescription;
}
