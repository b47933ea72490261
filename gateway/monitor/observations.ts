/**
 * What the monitor is fed besides the gateway's decisions. gateway/ never imports the simulators:
 * these are structural types that the broker's `SecurityEvent` and the MLLP listeners'
 * `MllpSecurityEvent` both satisfy, and the lab wires each feed to `monitor.observe`.
 */

/** The names the lab's servers are observed under, as evidence `origin`. */
export const securityOrigins = {
  broker: 'pump-server-broker',
  pumpServerHl7: 'pump-server-hl7',
  ehrHl7: 'ehr-hl7',
} as const;

/** Which gateway service each HL7 (MLLP) listener is reached through. */
export const hl7ServiceOfOrigin: Readonly<Record<string, string>> = {
  [securityOrigins.pumpServerHl7]: 'hl7',
  [securityOrigins.ehrHl7]: 'ehr-hl7',
};

/** A refusal a server of the lab reported (TLS failure, broker denial, rejected HL7 message). */
export interface ServerSecurityEvent {
  /** ISO time on the lab clock. */
  at: string;
  /** `tls-failure`, `auth-denied`, `publish-denied`, `subscribe-denied`, `malformed`, `rejected`, ... */
  kind: string;
  code?: string;
  /** Remote `address:port` as the server saw it: the gateway's address when the flow was forwarded. */
  source: string;
  /** A pump serial, `urn:pumplab:pump:SERIAL`, or a certificate name. */
  identity?: string | undefined;
  clientId?: string | undefined;
  topic?: string | undefined;
  /** MSH-9 and MSH-10: message type and control id, never content. */
  messageType?: string | undefined;
  controlId?: string | undefined;
  detail: string;
}

/** Where a source really is. */
export interface SourcePlace {
  address: string;
  zone: string;
}

/** A server's event with lab time parsed and its source traced back to the real client. */
export interface ResolvedSecurityEvent {
  at: number;
  origin: string;
  source: SourcePlace;
  event: ServerSecurityEvent;
}

/**
 * One admission outcome of the gateway, structurally the `AdmissionObservation` that gateway/admission
 * logs, so `admissions.subscribe((record) => monitor.observeAdmission(record))` needs no mapping.
 */
export interface AdmissionObservation {
  /** Lab time, ms since the epoch. */
  at: number;
  address: string;
  zone: string;
  identity?: string | undefined;
  /** `evicted` records the address a device left: nothing to judge there, so it is ignored. */
  verdict: 'admitted' | 'quarantined' | 'evicted';
  reason: string;
}
