import type { Patient } from '../../../simulators/ehr/patient.ts';
import { buildPcd01 } from '../../../simulators/hl7/pcd/pcd01-device-observation.ts';
import { buildPcd04 } from '../../../simulators/hl7/pcd/pcd04-alarm.ts';
import { pumpStatus } from '../hl7/pcd/pcd-test-kit.ts';
import { labStart } from './ehr-lab.ts';

const sender = { application: 'PUMPSRV', facility: 'PUMPLAB' };
const receiver = { application: 'EHR', facility: 'PUMPLAB' };

/** PID and PV1 of a ward patient, as the pump server writes them. */
const identity = (patient: Patient) => ({
  patient: { mrn: patient.mrn, name: { family: patient.family, given: patient.given } },
  location: patient.location,
});

/** A [PCD-01] report of pump PL-0001 infusing for `patient`; MSH-15/16 AL/NE, as IHE PCD sends. */
export function pcd01For(
  patient: Patient | { mrn: string; family: string; given: string; location: Patient['location'] },
  controlId: string,
  options: { volumeMl?: number; minutes?: number; infusionId?: string } = {},
): string {
  const at = labStart + (options.minutes ?? 0) * 60_000;
  const base = pumpStatus();
  const status = pumpStatus({
    sentAt: new Date(at).toISOString(),
    infusion: base.infusion && {
      ...base.infusion,
      infusionId: options.infusionId ?? 'ORD5000',
      patientId: patient.mrn,
      volumeInfused: options.volumeMl ?? 37.25,
    },
  });
  return buildPcd01({ status, ...identity(patient as Patient), controlId, at, sender, receiver });
}

/** A [PCD-04] occlusion alarm (start) from pump PL-0001 for `patient`. */
export function pcd04For(patient: Patient, controlId: string, phase: 'start' | 'end' = 'start'): string {
  return buildPcd04({
    serial: 'PL-0001',
    model: 'PL-LVP-1',
    alarm: 'occlusion',
    phase,
    state: phase === 'start' ? 'active' : 'inactive',
    priority: 'PH',
    alertId: 'PL-0001-occlusion-1',
    ...identity(patient),
    controlId,
    at: labStart + 60_000,
    sender,
    receiver,
  });
}

/** The same message in HL7's original acknowledgement mode: MSH-15 and MSH-16 emptied. */
export function originalMode(message: string): string {
  const [msh = '', ...rest] = message.split('\r');
  const fields = msh.split('|');
  fields[14] = '';
  fields[15] = '';
  return [fields.join('|'), ...rest].join('\r');
}

/** A message with its PID (and PV1) removed: a pump report about no one. */
export function withoutPatient(message: string): string {
  return message
    .split('\r')
    .filter((segment) => !segment.startsWith('PID|') && !segment.startsWith('PV1|'))
    .join('\r');
}
