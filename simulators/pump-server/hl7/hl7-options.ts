import type { ConnectionLimits } from '../../hl7/mllp/mllp-connection.ts';

/** An HL7 peer the pump server connects out to, over MLLP (over TLS unless the posture says not). */
export interface Hl7Peer {
  host: string;
  port: number;
  /** MSH-5/6 of the messages sent there. */
  application?: string;
  facility?: string;
  /** The name the peer's certificate must carry (RFC 6125), when `host` is an address it does not list. */
  servername?: string;
  /** The address the pump server speaks from (its own address in a zoned lab). */
  localAddress?: string;
}

/**
 * The pump server's HL7 side (IHE PCD: the Infusion Order Consumer of [PCD-03], the Device Observation
 * Reporter of [PCD-01] and the Alert Reporter of [PCD-04]) and what it consumes from the EHR (ADT).
 */
export interface PumpServerHl7Options {
  /** Where the EHR takes [PCD-01] and [PCD-04]; without it nothing is reported. */
  ehr?: Hl7Peer;
  /**
   * Where to send the RRG^O16 application acknowledgement of an order in enhanced mode, by the order's
   * MSH-3.1 (its sending application). IHE PCD TF-2 Appendix G.1: the receiver "will not initiate new
   * transactions on this network connection", so an application acknowledgement that follows an
   * accept acknowledgement travels on a connection of its own. A sender with no route gets the
   * RRG^O16 on its own connection in place of the ACK^O15 (see pcd03-handler.ts).
   */
  orderSenders?: Readonly<Record<string, Hl7Peer>>;
  /** MSH-3/4 the pump server writes; default `PUMPSRV` / `PUMPLAB`. */
  application?: string;
  facility?: string;
  /** Control: HL7 clients present a lab certificate (mutual TLS). Default: the server's `mutualTls`. */
  mutualTls?: boolean;
  /** MLLP over TLS (default); false is MLLP in clear over TCP, as a flat-2015 posture runs it. */
  tls?: boolean;
  /**
   * Lab posture: start the infusion as soon as the pump accepts the program. Default false: the pump
   * holds the program until the clinician confirms it (TF-2 3.3.4: the order is delivered to the pump
   * for the clinician to confirm there), which the lab does with `orders.confirmStart(infusionId)`.
   */
  autoStart?: boolean;
  /** PV1-3.1 point of care (nursing unit) → drug library care area; see unit-care-areas.ts. */
  unitCareAreas?: Readonly<Record<string, string>>;
  /** How often [PCD-01] repeats for an infusing pump whose state did not change, lab ms (60 s). */
  observationIntervalMs?: number;
  /** Report alarms of pumps no patient is associated with (no PID). Default false. */
  reportUnassociatedAlarms?: boolean;
  /** Real ms the pump has to answer a program or start command; default the server's command timeout. */
  commandTimeoutMs?: number;
  /** Delivery retries of the outbox, real ms: first wait and the longest (backoff doubles). */
  retry?: { initialMs?: number; maxMs?: number };
  /** Offset from UTC, in minutes, written in MSH-7 and OBX-14 (default 0). */
  offsetMinutes?: number;
  /** Limits of the listener's connections (mllp-server.ts defaults). */
  limits?: Partial<ConnectionLimits>;
}

/** Defaults of the HL7 side; units in the comments. */
export const hl7Defaults = {
  application: 'PUMPSRV',
  facility: 'PUMPLAB',
  /** [PCD-01] period while infusing, lab ms (60 s). */
  observationIntervalMs: 60_000,
  /** First retry of an undelivered message, real ms. */
  retryInitialMs: 200,
  /** Longest wait between retries, real ms (5 s): an EHR back up is served within seconds. */
  retryMaxMs: 5_000,
  /** A weight in the order and the ADT weight may differ by this fraction before 9011 (10 %). */
  weightTolerance: 0.1,
  ehrApplication: 'EHR',
  ehrFacility: 'PUMPLAB',
};
