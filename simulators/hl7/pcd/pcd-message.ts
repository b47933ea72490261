import { Hl7Builder, type Hl7AckCondition } from '../message/hl7-build.ts';
import { pidFields, pv1Fields, type PatientIdentity, type PatientLocation } from './patient-segments.ts';
import type { Hl7Party } from './pcd-fields.ts';
import { pcdHl7Version } from './pcd-profiles.ts';

/** The MSH of a message the lab sends under an IHE PCD profile. */
export interface PcdHeader {
  sender: Hl7Party;
  receiver: Hl7Party;
  /** MSH-9, e.g. `ORU^R01^ORU_R01`. */
  messageType: string;
  controlId: string;
  /** MSH-7, epoch milliseconds, written at `offsetMinutes` east of UTC. */
  at: number;
  offsetMinutes?: number | undefined;
  /** MSH-15/16; TF-2 B.1 asks AL/NE of most PCD transactions. */
  acceptAck?: Hl7AckCondition;
  applicationAck?: Hl7AckCondition;
  /** MSH-21, the profile identifier (TF-2 B.1). */
  profile?: string | readonly string[];
}

/**
 * Starts a PCD message: MSH with HL7 v2.6, UTF-8 (MSH-18) and the profile in MSH-21, as every PCD
 * transaction of TF-2 B.1 requires. One place, so the transactions cannot drift apart.
 */
export function pcdMessage(header: PcdHeader): Hl7Builder {
  return new Hl7Builder({
    sendingApp: header.sender.application,
    sendingFacility: header.sender.facility,
    receivingApp: header.receiver.application,
    receivingFacility: header.receiver.facility,
    messageType: header.messageType,
    controlId: header.controlId,
    timestamp: header.at,
    timestampOffsetMinutes: header.offsetMinutes ?? 0,
    version: pcdHl7Version,
    acceptAck: header.acceptAck ?? 'AL',
    applicationAck: header.applicationAck ?? 'NE',
    characterSet: 'UNICODE UTF-8',
    ...(header.profile ? { profile: header.profile } : {}),
  });
}

/** Adds PID, and PV1 when the location is known (TF-2 B.5, B.6). */
export function appendPatient(
  builder: Hl7Builder,
  patient: PatientIdentity | undefined,
  location: PatientLocation | undefined,
): void {
  if (!patient) return;
  builder.segment('PID', pidFields(patient));
  if (location) builder.segment('PV1', pv1Fields(location));
}

/** The namespace id of a sending application (HD.1), whether given as text `A^B^C` or components. */
export const senderNamespace = (sender: Hl7Party): string =>
  typeof sender.application === 'string'
    ? (sender.application.split('^')[0] ?? '')
    : (sender.application[0] ?? '');
