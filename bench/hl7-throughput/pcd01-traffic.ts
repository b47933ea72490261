/**
 * PCD-01 traffic as the pump server sends it: one ORU^R01 per admitted patient, built once by the
 * lab's own builder (about 2 KB, TF-3 7.1 containment), then re-used with what changes from one
 * report to the next made fresh each time: MSH-10, the report time (MSH-7, OBR-7, every OBX-14) and
 * the volumes delivered and remaining. No two messages are alike, as in a real feed. Original
 * acknowledgement mode (MSH-15/16 empty): the EHR answers AA.
 */
import type { StatusMessage } from '../../simulators/contract/pump-messages.ts';
import type { EhrTargetReady } from './ehr-target.ts';
import { formatHl7Timestamp } from '../../simulators/hl7/message/hl7-timestamp.ts';
import { buildPcd01 } from '../../simulators/hl7/pcd/pcd01-device-observation.ts';

const placeholder = 'CTRLIDPLACEHOLDER';

/** A status report of pump `serial` infusing dopamine, as a pump sends it over MQTT. */
function infusingStatus(serial: string, mrn: string, at: number): StatusMessage {
  return {
    serial,
    boot: '0a1b2c3d',
    seq: 42,
    sentAt: new Date(at).toISOString(),
    model: 'PL-LVP-1',
    firmware: '2.1.0',
    libraryVersion: '1.4.0',
    careArea: 'icu',
    state: 'infusing',
    alarms: [],
    batteryPercent: 87,
    infusion: {
      infusionId: `ORD-${mrn}`,
      patientId: mrn,
      drugId: 'dopamine',
      drugName: 'Dopamine',
      concentration: { amount: 1.6, unit: 'mg/mL' },
      rate: 13.3,
      doseRate: { value: 5, unit: 'mcg/kg/min' },
      vtbi: 250,
      volumeInfused: 37.25,
      startedAt: new Date(at - 3_600_000).toISOString(),
    },
  };
}

/** MSH-15 and MSH-16 emptied: HL7 original acknowledgement mode. */
function originalMode(message: string): string {
  const [msh = '', ...rest] = message.split('\r');
  const fields = msh.split('|');
  fields[14] = '';
  fields[15] = '';
  return [fields.join('|'), ...rest].join('\r');
}

/** Returns `next(connection)`: a PCD-01 for the next patient, with a control id never used before. */
export function pcd01Traffic(patients: EhrTargetReady['patients'], runId: string): (index: number) => string {
  const at = Date.now();
  const offset = -300;
  const templates = patients.map((patient, index) =>
    originalMode(
      buildPcd01({
        status: infusingStatus(`PL${String(index + 1).padStart(5, '0')}`, patient.mrn, at),
        patient: { mrn: patient.mrn, name: { family: patient.family, given: patient.given } },
        location: patient.location,
        controlId: placeholder,
        at,
        offsetMinutes: offset,
        sender: { application: 'PUMPSRV', facility: 'PUMPLAB' },
        receiver: { application: 'EHR', facility: 'PUMPLAB' },
      }),
    ).split(placeholder),
  );
  const sentAt = formatHl7Timestamp(at, offset);
  let sequence = 0;
  return (index) => {
    sequence += 1;
    const parts = templates[(index + sequence) % templates.length] ?? [];
    const delivered = (sequence % 25_000) / 100;
    return parts
      .join(`${runId}${sequence}`)
      .replaceAll(sentAt, formatHl7Timestamp(at + sequence * 1000, offset))
      .replace('|37.25|', `|${delivered}|`)
      .replace('|212.75|', `|${Math.round((250 - delivered) * 100) / 100}|`);
  };
}

/** The size in bytes of one message of the traffic. */
export const messageBytes = (next: (index: number) => string): number => Buffer.byteLength(next(0));
