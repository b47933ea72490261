import type { EhrAddresses } from '../../simulators/ehr/ehr-options.ts';
import type { PumpServerAddresses } from '../../simulators/pump-server/pump-server-options.ts';
import { eventStoreFile } from '../../simulators/pump-server/event-store.ts';
import { reachableHost } from '../network/lab-network.ts';
import type { NetworkDescription } from '../network/network-description.ts';
import type { ClinicalInfusion } from './clinical-ward.ts';

/** An HL7 v2 listener: MLLP over TLS (`mllp+tls://host:port`). */
export interface Hl7Endpoint {
  url: string;
  host: string;
  port: number;
}

/** What a running embedded lab is, for people (`pumplab up`) and programs (`pumplab up --json`). */
export interface LabDescription {
  stateDir: string;
  /**
   * Zoned: each service below is its component's own address, reachable from its zone only; from
   * another zone use the gateway's endpoint in `network.gateway`. Single host: reach them directly.
   */
  network: NetworkDescription;
  mqtt: { url: string; host: string; port: number };
  rest: { url: string; openapi: string; host: string; port: number };
  /** The pump server's HL7 listener: ADT from the EHR, PCD-03 from the point-of-care. */
  hl7: Hl7Endpoint;
  /** The EHR: its HL7 listener (PCD-01, PCD-04) and its REST API. */
  ehr: { hl7: Hl7Endpoint; rest: { url: string; openapi: string; host: string; port: number } };
  /** The point-of-care workstation's lab identity. */
  pointOfCare: { identity: string };
  pumps: number;
  seed: string;
  clockSpeed: number;
  /** How many of the ward's infusions the pump server accepted and started. */
  infusing: number;
  infusions: Pick<ClinicalInfusion, 'serial' | 'orderId' | 'drugId' | 'outcome'>[];
  /** The pump server's durable event store. */
  eventStore: string;
  /** The lab root certificate (PEM) that clients trust. */
  rootCertificate: string;
}

/** A host as it appears in a URL (RFC 3986 3.2.2: an IPv6 literal in brackets). */
export const urlHost = (host: string): string => {
  const reachable = reachableHost(host);
  return reachable.includes(':') ? `[${reachable}]` : reachable;
};

const hl7Endpoint = (host: string, port: number): Hl7Endpoint => ({
  url: `mllp+tls://${urlHost(host)}:${port}`,
  host,
  port,
});

const httpsApi = (host: string, port: number) => {
  const url = `https://${urlHost(host)}:${port}`;
  return { url, openapi: `${url}/api/v1/openapi.json`, host, port };
};

/**
 * Describes a started lab: its URLs, its ward and where it keeps its events.
 * @example describeLab({ host: '127.0.0.1', addresses, ehr, options, infusions, rootCertificate }).ehr.rest.openapi
 */
export function describeLab(input: {
  addresses: PumpServerAddresses;
  network: NetworkDescription;
  ehr: EhrAddresses;
  options: { stateDir: string; pumps: number; seed: string | number; clockSpeed: number };
  infusions: readonly ClinicalInfusion[];
  rootCertificate: string;
}): LabDescription {
  const { addresses, ehr, options, infusions, rootCertificate } = input;
  const { mqtt, rest, hl7 } = addresses;
  const at = (address: { host: string }): string => reachableHost(address.host);
  return {
    stateDir: options.stateDir,
    network: input.network,
    mqtt: { url: `${mqtt.protocol}://${urlHost(at(mqtt))}:${mqtt.port}`, host: at(mqtt), port: mqtt.port },
    rest: httpsApi(at(rest), rest.port),
    hl7: hl7Endpoint(at(rest), hl7?.port ?? 0),
    ehr: { hl7: hl7Endpoint(at(ehr.hl7), ehr.hl7.port), rest: httpsApi(at(ehr.rest), ehr.rest.port) },
    pointOfCare: { identity: 'poc-1' },
    pumps: options.pumps,
    seed: String(options.seed),
    clockSpeed: options.clockSpeed,
    infusing: infusions.filter((infusion) => infusion.outcome === 'accepted').length,
    infusions: infusions.map(({ serial, orderId, drugId, outcome }) => ({
      serial,
      orderId,
      drugId,
      outcome,
    })),
    eventStore: eventStoreFile(options.stateDir),
    rootCertificate,
  };
}
