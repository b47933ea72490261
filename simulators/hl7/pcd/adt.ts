import { pcdMessage } from './pcd-message.ts';
import { z } from 'zod';
import { type Hl7FieldInput } from '../message/hl7-build.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import { formatHl7Timestamp } from '../message/hl7-timestamp.ts';
import { mdcTerms, termCwe } from './mdc-terms.ts';
import { resolveUnit, unitCwe } from './mdc-units.ts';
import { findRow, readObxRows } from './obx-rows.ts';
import {
  locationSchema,
  patientSchema,
  pidFields,
  pv1Fields,
  readLocation,
  readPatient,
} from './patient-segments.ts';
import type { PatientIdentity, PatientLocation } from './patient-segments.ts';
import {
  expectMessageType,
  nm,
  nmSchema,
  readField,
  readTime,
  withoutUndefined,
  type Hl7Party,
} from './pcd-fields.ts';

/** The ADT events the lab's EHR sends (HL7 v2.6 chapter 3): admit, transfer, discharge, update. */
export const adtEvents = ['A01', 'A02', 'A03', 'A08'] as const;
export type AdtEvent = (typeof adtEvents)[number];

/** HL7 v2.6 3.3: A08 reuses the ADT_A01 structure; A02 and A03 have their own. */
const structures: Readonly<Record<AdtEvent, string>> = {
  A01: 'ADT_A01',
  A02: 'ADT_A02',
  A03: 'ADT_A03',
  A08: 'ADT_A01',
};

export interface AdtInput {
  patient: PatientIdentity & { weightKg?: number };
  /** Where the patient is now (for A02, where they moved to). */
  location: PatientLocation;
  /** A02: where the patient was (PV1-6, prior patient location). */
  priorLocation?: PatientLocation;
  /** PV1-19, the visit number. */
  visit: string;
  controlId: string;
  /** When the event happened: EVN-2, and PV1-44 (A01) or PV1-45 (A03). */
  at: number;
  offsetMinutes?: number;
  sender: Hl7Party;
  receiver: Hl7Party;
}

/**
 * Builds an ADT^A01/A02/A03/A08 (HL7 v2.6 3.3.1, 3.3.2, 3.3.3, 3.3.8): MSH, EVN, PID, PV1 and,
 * when the weight is known, an OBX with 68063^MDC_ATTR_PT_WEIGHT^MDC in kg, the term the PCD-03
 * order uses too (IHE PCD TF-2 3.3.4.4.9), so the pump server reads weight the same way from both.
 *
 * @example buildAdt('A01', { patient: { mrn: 'MRN1', name: { family: 'Doe' } }, location: { unit: 'ICU',
 *   room: '3', bed: 'B' }, visit: 'V1', controlId: 'E1', at: clock.now(), sender, receiver })
 */
export function buildAdt(event: AdtEvent, input: AdtInput): string {
  const offset = input.offsetMinutes ?? 0;
  const at = formatHl7Timestamp(input.at, offset);
  const builder = pcdMessage({ ...input, messageType: `ADT^${event}^${structures[event]}` });
  builder.segment('EVN', [event, at]);
  builder.segment('PID', pidFields(input.patient));
  const pv1: Hl7FieldInput[] = pv1Fields(input.location, input.visit);
  while (pv1.length < 45) pv1.push(undefined);
  if (event === 'A02' && input.priorLocation) {
    const prior = input.priorLocation;
    pv1[5] = [prior.unit, prior.room, prior.bed];
  }
  if (event === 'A01') pv1[43] = at;
  if (event === 'A03') pv1[44] = at;
  builder.segment('PV1', pv1);
  if (input.patient.weightKg !== undefined) {
    builder.segment('OBX', [
      '1',
      'NM',
      termCwe(mdcTerms.patientWeight),
      undefined,
      nm(input.patient.weightKg),
      unitCwe('kg'),
      ...new Array<undefined>(4),
      'F',
    ]);
  }
  return builder.toString();
}

const timeSchema = z.object({ ms: z.number(), offsetMinutes: z.number().optional() });

export const adtSchema = z.object({
  event: z.enum(adtEvents),
  controlId: z.string(),
  sentAt: timeSchema,
  /** EVN-2. */
  recordedAt: timeSchema,
  patient: patientSchema,
  weightKg: z.number().positive().max(500).optional(),
  location: locationSchema.optional(),
  priorLocation: locationSchema.optional(),
  visit: z.string().optional(),
  admittedAt: timeSchema.optional(),
  dischargedAt: timeSchema.optional(),
});
/** What the pump server keeps from an ADT message: who is where, and how heavy. */
export type AdtUpdate = z.infer<typeof adtSchema>;

/**
 * Reads an ADT^A01/A02/A03/A08.
 *
 * @throws PumplabError HL7_MESSAGE_TYPE_UNEXPECTED, or HL7_CONTENT_INVALID with `details.location`
 *   (e.g. no PID-3 identifier, a weight that is not NM or not in kg/g).
 */
export function parseAdt(parsed: ParsedHl7): AdtUpdate {
  expectMessageType(
    parsed,
    adtEvents.map((event) => `ADT^${event}`),
  );
  const pv1 = parsed.segment('PV1');
  const weight = findRow(readObxRows(parsed), mdcTerms.patientWeight);
  let weightKg: number | undefined;
  if (weight && weight.value !== '') {
    const value = readField(nmSchema, weight.view, 5, weight.value);
    const unit = resolveUnit(weight.units)?.lab;
    weightKg = readField(
      z.number(),
      weight.view,
      6,
      unit === 'kg' ? value : unit === 'g' ? value / 1000 : undefined,
    );
  }
  const prior = pv1?.component(6, 1) ?? '';
  const candidate = withoutUndefined({
    event: parsed.triggerEvent,
    controlId: parsed.controlId,
    sentAt: readTime(parsed.timestamp),
    recordedAt: readTime(parsed.segment('EVN')?.field(2) || parsed.timestamp),
    patient: readPatient(parsed),
    weightKg,
    location: readLocation(parsed),
    priorLocation:
      prior === ''
        ? undefined
        : withoutUndefined({
            unit: prior,
            room: pv1?.component(6, 2) || undefined,
            bed: pv1?.component(6, 3) || undefined,
          }),
    visit: pv1?.component(19, 1) || undefined,
    admittedAt: readTime(pv1?.field(44) ?? ''),
    dischargedAt: readTime(pv1?.field(45) ?? ''),
  });
  return readField(adtSchema, parsed.segment('PID') ?? parsed.header, 3, candidate);
}
