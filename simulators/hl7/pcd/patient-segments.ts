import { z } from 'zod';
import type { Hl7FieldInput } from '../message/hl7-build.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import { readField } from './pcd-fields.ts';

/** HL7 user-defined table 0001, administrative sex (TF-2 Table B.5-2). */
export const sexCodes = ['F', 'M', 'O', 'U', 'A', 'N'] as const;

export const patientSchema = z.object({
  /** PID-3.1 of the `MR` identifier (or the first identifier when none is typed MR). */
  mrn: z.string().min(1).max(64),
  name: z.object({ family: z.string().max(194), given: z.string().max(30).optional() }).optional(),
  /** PID-7, the date part only (YYYY-MM-DD). */
  birthDate: z.iso.date().optional(),
  sex: z.enum(sexCodes).optional(),
});
/** Who the message is about (PID, TF-2 Appendix B.5). */
export type PatientIdentity = z.infer<typeof patientSchema>;

export const locationSchema = z.object({
  /** PV1-3.1 point of care (the nursing unit), PV1-3.2 room, PV1-3.3 bed (PL, TF-2 C.7). */
  unit: z.string().min(1).max(20),
  room: z.string().max(20).optional(),
  bed: z.string().max(20).optional(),
});
export type PatientLocation = z.infer<typeof locationSchema>;

/** The assigning authority the lab's EHR stamps on its MRNs (PID-3.4, CX-4). */
export const labAssigningAuthority = 'PUMPLAB';

/** PID fields 1..8 for the builder (HL7 v2.6 3.4.2; TF-2 B.5 usage). */
export function pidFields(patient: PatientIdentity): Hl7FieldInput[] {
  const name: Hl7FieldInput = patient.name
    ? [patient.name.family, patient.name.given, '', '', '', '', 'L']
    : // TF-2 B.5 PID-5: "If no name is available, the name type code should be U".
      ['', '', '', '', '', '', 'U'];
  return [
    undefined,
    undefined,
    [patient.mrn, '', '', labAssigningAuthority, 'MR'],
    undefined,
    name,
    undefined,
    patient.birthDate?.replaceAll('-', ''),
    patient.sex,
  ];
}

/** PV1 fields 1..3 (and 19, the visit number, when given): inpatient at unit^room^bed. */
export function pv1Fields(location: PatientLocation | undefined, visit?: string): Hl7FieldInput[] {
  const fields: Hl7FieldInput[] = [
    undefined,
    'I',
    location ? [location.unit, location.room, location.bed] : undefined,
  ];
  if (visit !== undefined) {
    while (fields.length < 18) fields.push(undefined);
    fields.push([visit]);
  }
  return fields;
}

/** Reads PID into a patient identity; undefined when the message has no PID or no identifier. */
export function readPatient(parsed: ParsedHl7): PatientIdentity | undefined {
  const pid = parsed.segment('PID');
  if (!pid) return undefined;
  const ids = pid.repetitions(3);
  const chosen = ids.find((id) => id.component(5) === 'MR') ?? ids[0];
  const mrn = chosen?.component(1) ?? '';
  if (mrn === '') return undefined;
  const family = pid.component(5, 1);
  const given = pid.component(5, 2);
  const birth = pid.field(7);
  const candidate = {
    mrn,
    ...(family === '' && given === '' ? {} : { name: { family, ...(given === '' ? {} : { given }) } }),
    ...(birth.length >= 8
      ? { birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}` }
      : {}),
    ...(pid.field(8) === '' ? {} : { sex: pid.field(8) }),
  };
  return readField(patientSchema, pid, 3, candidate);
}

/** Reads PV1-3 into a location; undefined when there is no PV1 or no point of care. */
export function readLocation(parsed: ParsedHl7): PatientLocation | undefined {
  const pv1 = parsed.segment('PV1');
  const unit = pv1?.component(3, 1) ?? '';
  if (!pv1 || unit === '') return undefined;
  const room = pv1.component(3, 2);
  const bed = pv1.component(3, 3);
  const candidate = { unit, ...(room === '' ? {} : { room }), ...(bed === '' ? {} : { bed }) };
  return readField(locationSchema, pv1, 3, candidate);
}
