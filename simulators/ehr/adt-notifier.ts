import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isPumplabError, PumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import {
  policyForPeer,
  type ClientTlsPolicy,
  type PeerAddressing,
  type TlsMaterial,
} from '../../pki/tls/tls-material.ts';
import { assertAccepted } from '../hl7/message/ack-reader.ts';
import { MllpClient } from '../hl7/mllp/mllp-client.ts';
import { buildAdt, type AdtEvent } from '../hl7/pcd/adt.ts';
import type { PatientLocation } from '../hl7/pcd/patient-segments.ts';
import type { Hl7Party } from '../hl7/pcd/pcd-fields.ts';
import type { BedLocation, Patient } from './patient.ts';

/** Where ADT goes and how: the pump server's HL7 listener, reached with the EHR's lab identity. */
export interface AdtNotifierOptions {
  /** The pump server's HL7 listener; without it the EHR sends no ADT (a stand-alone EHR). */
  target?: { host: string; port: number } & PeerAddressing;
  tls: { material: TlsMaterial; policy: ClientTlsPolicy };
  sender: Hl7Party;
  receiver: Hl7Party;
  clock: Clock;
  logger: Logger;
  /** How long to wait for the pump server's acknowledgement, in milliseconds. */
  responseTimeoutMs?: number;
}

/** What became of one ADT message. */
export interface AdtDelivery {
  event: AdtEvent;
  /** False when no pump server is configured: the change was recorded in the EHR only. */
  sent: boolean;
  controlId?: string;
  /** MSA-1 of the answer: AA, or CA for the accept acknowledgement ADT asks for (MSH-15 AL). */
  acknowledgement?: 'AA' | 'CA';
}

/** One ADT to send: who, the visit, and (A02) where the patient was. */
export interface AdtNotice {
  event: AdtEvent;
  patient: Patient;
  visit: string;
  priorLocation?: BedLocation;
}

/**
 * Sends ADT A01/A02/A03/A08 (HL7 v2.6 chapter 3) to the pump server over MLLP/TLS and requires it
 * to be accepted (AA or CA). Logs name the event and control id, never the patient.
 *
 * @example const delivery = await notifier.notify({ event: 'A01', patient, visit: 'V1000301' });
 */
export class AdtNotifier {
  private readonly client: MllpClient | undefined;
  private readonly logger: Logger;
  private sequence = 0;

  constructor(private readonly options: AdtNotifierOptions) {
    this.logger = options.logger.child({ component: 'ehr-adt' });
    const target = options.target;
    this.client = target
      ? new MllpClient({
          host: target.host,
          port: target.port,
          tls: {
            material: options.tls.material,
            policy: policyForPeer(options.tls.policy, target),
          },
          ...(options.responseTimeoutMs ? { responseTimeoutMs: options.responseTimeoutMs } : {}),
          logger: options.logger,
        })
      : undefined;
  }

  /**
   * Sends the notice and resolves once the pump server accepted it.
   *
   * @throws PumplabError EHR_ADT_NOT_DELIVERED, with `details.cause` (HL7_NEGATIVE_ACK,
   *   HL7_ACK_TIMEOUT, MLLP_CONNECTION_CLOSED, MLLP_TLS_HANDSHAKE_FAILED, ...) and, for a negative
   *   acknowledgement, `details.acknowledgement` and the ERR codes in `details.errors`.
   */
  async notify(notice: AdtNotice): Promise<AdtDelivery> {
    if (!this.client) return { event: notice.event, sent: false };
    const controlId = this.nextControlId();
    const message = buildAdt(notice.event, {
      patient: identityOf(notice.patient),
      location: locationOf(notice.patient.location),
      ...(notice.priorLocation ? { priorLocation: locationOf(notice.priorLocation) } : {}),
      visit: notice.visit,
      controlId,
      at: this.options.clock.now(),
      sender: this.options.sender,
      receiver: this.options.receiver,
    });
    try {
      const reading = assertAccepted(await this.client.send(message));
      this.logger.info({ event: notice.event, controlId, ack: reading.code }, 'ADT accepted');
      const acknowledgement = reading.code === 'AA' ? 'AA' : 'CA';
      return { event: notice.event, sent: true, controlId, acknowledgement };
    } catch (error) {
      throw this.notDelivered(notice.event, controlId, error);
    }
  }

  /** Closes the connection to the pump server. */
  async close(): Promise<void> {
    await this.client?.close();
  }

  /** MSH-10: unique per sender across restarts (lab time, base 36) and within a run (a counter). */
  private nextControlId(): string {
    this.sequence += 1;
    return `EHR${this.options.clock.now().toString(36)}${this.sequence.toString(36)}`.toUpperCase();
  }

  private notDelivered(event: AdtEvent, controlId: string, error: unknown): PumplabError {
    const cause = isPumplabError(error) ? error.code : 'UNKNOWN';
    const nak = isPumplabError(error, 'HL7_NEGATIVE_ACK') ? error.details : undefined;
    const details = {
      event,
      controlId,
      cause,
      ...(nak ? { acknowledgement: nak['code'], errors: errorCodes(nak['errors']) } : {}),
    };
    // A negative ACK is the pump server's decision; anything else is the network's. Both surface.
    this.logger.warn({ ...details, err: nak ? undefined : error }, 'ADT not accepted by the pump server');
    return new PumplabError(
      'EHR_ADT_NOT_DELIVERED',
      `The pump server did not accept ADT^${event} ${controlId} (${cause}).`,
      details,
      { cause: error },
    );
  }
}

const errSchema = z.array(z.object({ code: z.string(), location: z.string().optional() }));

/** ERR-3 codes and ERR-2 locations of a negative ACK: its texts may name the patient, so they stay out. */
function errorCodes(errors: unknown): { code: string; location?: string }[] {
  const parsed = errSchema.safeParse(errors);
  if (!parsed.success) return [];
  return parsed.data.map(({ code, location }) => (location === undefined ? { code } : { code, location }));
}

function identityOf(patient: Patient) {
  return {
    mrn: patient.mrn,
    name: { family: patient.family, given: patient.given },
    birthDate: patient.birthDate,
    sex: patient.sex,
    weightKg: patient.weightKg,
  };
}

function locationOf(location: BedLocation): PatientLocation {
  return { unit: location.unit, room: location.room, bed: location.bed };
}
