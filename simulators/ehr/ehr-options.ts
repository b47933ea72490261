import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { DrugLibrary } from '../contract/drug-library.ts';
import type { Hl7Party } from '../hl7/pcd/pcd-fields.ts';
import type { ChartDurability } from './chart-database.ts';
import type { PeerAddressing } from '../../pki/tls/tls-material.ts';
import type { AcceptFrom } from '../net/source-guard.ts';

/** How an EHR is set up: its state, identity, ward, controls, and where its ADT goes. */
export interface EhrOptions {
  /** The lab state directory: its PKI, and the chart at `<stateDir>/ehr/chart.sqlite`. */
  stateDir: string;
  /** The EHR's lab certificate (a `service` certificate), for HL7 and REST; default `ehr`. */
  identityName?: string;
  /** How many synthetic patients; default 24. */
  patients?: number;
  /** The ward's seed: the same seed, the same patients, beds and orders. Default 1. */
  seed?: number;
  /** Care areas the patients are spread over; default every care area of `library`. */
  careAreas?: readonly string[];
  /** The drug library orders are drawn from. */
  library: DrugLibrary;
  /** Every n-th order names a drug the library lacks (0 for none); default 5. */
  offLibraryEvery?: number;
  /** ORC-2 placer numbers start with this (default `ORD`): a lab re-run over the same state gives new ones. */
  orderPrefix?: string;
  /** Lab time: order due times, chart times, MSH-7; default real time. */
  clock?: Clock;
  logger?: Logger;
  /** Control: HL7 and REST clients must present a lab certificate. Default on. */
  mutualTls?: boolean;
  /** Control: certificates checked against the lab CRLs (clients' with mutual TLS, the pump server's). Default on. */
  checkRevocation?: boolean;
  /** The pump server's HL7 listener, where ADT goes; without it, ADT changes the EHR only. */
  pumpServerHl7?: { host: string; port: number } & PeerAddressing;
  /** MSH-3/4 of what the EHR sends and answers; default `EHR` / `PUMPLAB`. */
  hl7Party?: Hl7Party;
  /** MSH-5/6 of ADT; default `PUMPSRV` / `PUMPLAB`. */
  pumpServerParty?: Hl7Party;
  /** How long an ADT waits for the pump server's acknowledgement, ms; default 10 s. */
  adtTimeoutMs?: number;
  durability?: ChartDurability;
}

/** Where the EHR listens. */
export interface EhrListenAt {
  host: string;
  /** 0 picks a free port. */
  hl7Port: number;
  restPort: number;
  /** Whom both listeners take connections from (a zoned lab: the EHR's own zone). */
  acceptFrom?: AcceptFrom;
}

/** Where the EHR listens once started. */
export interface EhrAddresses {
  hl7: { host: string; port: number; protocol: 'mllp+tls' };
  rest: { host: string; port: number; protocol: 'https' };
}

/** The defaults of an EHR's options. */
export const ehrDefaults = {
  identityName: 'ehr',
  patients: 24,
  seed: 1,
  offLibraryEvery: 5,
  mutualTls: true,
  checkRevocation: true,
  hl7Party: { application: 'EHR', facility: 'PUMPLAB' },
  pumpServerParty: { application: 'PUMPSRV', facility: 'PUMPLAB' },
  /** Milliseconds (10 s): an admission at the REST API should not hang for the MLLP default 30 s. */
  adtTimeoutMs: 10_000,
  durability: 'normal',
} as const satisfies Partial<EhrOptions>;
