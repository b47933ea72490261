import type { LabClock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import type { PatientIdentity, PatientLocation } from '../../hl7/pcd/patient-segments.ts';
import type { Hl7Party } from '../../hl7/pcd/pcd-fields.ts';
import type { ControlIds } from './control-ids.ts';
import type { OutboxKind } from './hl7-outbox.ts';
import type { PatientRegistry } from './patient-registry.ts';
import type { PumpAssociations } from './pump-associations.ts';

/** One message for a destination's outbox. */
export interface OutgoingMessage {
  kind: OutboxKind;
  serial: string | null;
  /** MSH-10 of `message`. */
  controlId: string;
  message: string;
}

/** Queues one message for the EHR (durably) and wakes its sender. */
export type EhrQueue = (outgoing: OutgoingMessage) => void;

/** What the [PCD-01] and [PCD-04] reporters share. */
export interface ReportContext {
  associations: PumpAssociations;
  registry: Pick<PatientRegistry, 'get'>;
  toEhr: EhrQueue;
  controlIds: ControlIds;
  /** MSH-3/4: the pump server; MSH-5/6: the EHR. */
  sender: Hl7Party;
  receiver: Hl7Party;
  offsetMinutes: number;
  clock: LabClock;
  logger: Logger;
}

/**
 * The PID and PV1 content for the patient of an MRN: what ADT said (name, birth date, sex, bed), or
 * the MRN alone when ADT never named them (the association holds only the MRN).
 */
export function patientOf(
  registry: Pick<PatientRegistry, 'get'>,
  mrn: string,
): { patient: PatientIdentity; location?: PatientLocation } {
  const registered = registry.get(mrn);
  if (!registered) return { patient: { mrn } };
  return { patient: registered.identity, ...(registered.location ? { location: registered.location } : {}) };
}
