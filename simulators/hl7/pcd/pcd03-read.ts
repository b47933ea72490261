import { z } from 'zod';
import { isPumplabError } from '../../../core/errors.ts';
import { doseUnits } from '../../contract/drug-library.ts';
import type { ProgramOrder } from '../../contract/server-commands.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';
import { mdcTerms } from './mdc-terms.ts';
import { findRow, readObxRows } from './obx-rows.ts';
import { locationSchema, patientSchema, readLocation, readPatient } from './patient-segments.ts';
import { resolveUnit } from './mdc-units.ts';
import { nmSchema, withoutUndefined } from './pcd-fields.ts';
import { errorFromThrown, orderFields } from './pcd03-read-fields.ts';
import type { PivError } from './piv-errors.ts';

export const infusionOrderSchema = z
  .object({
    controlId: z.string(),
    /** MSH-16 of the order: whether the IOP wants an RRG^O16 (AL), only on error (ER), or never (NE). */
    applicationAckType: z.string(),
    placerOrderNumber: z.string().min(1).max(64),
    patient: patientSchema,
    location: locationSchema.optional(),
    /** OBX-18 of the 69986 OBX: the pump (and channel) to program. */
    pumpId: z.string().min(1).max(64),
    drug: z.object({ id: z.string(), name: z.string() }),
    /** mL/h, when ordered as a rate. */
    rate: z.number().positive().optional(),
    doseRate: z.object({ value: z.number().positive(), unit: z.enum(doseUnits) }).optional(),
    weightKg: z.number().positive().max(500).optional(),
    /** Amount of drug per mL (RXG-17 / RXG-23), in the drug library's concentration units. */
    concentration: z
      .object({ amount: z.number().positive(), unit: z.enum(['mg', 'mcg', 'units', 'g']) })
      .optional(),
    /** mL (RXG-5). */
    vtbi: z.number().positive().max(10_000),
    /** ORC-19, who scanned. */
    nurseId: z.string().optional(),
  })
  .refine((o) => (o.rate === undefined) !== (o.doseRate === undefined), 'exactly one of rate and doseRate');
/** What the pump server needs from a [PCD-03] order to program a pump. */
export type InfusionOrder = z.infer<typeof infusionOrderSchema>;

/** A valid order, or the ERR entries (TF-2 B.3) that the RRG^O16 must carry. */
export type RgvO15Result = { ok: true; order: InfusionOrder } | { ok: false; errors: PivError[] };

const err = (code: PivError['code'], segment: string, extra: Partial<PivError> = {}): PivError => ({
  code,
  severity: 'E',
  location: { segment },
  ...extra,
});

/**
 * Reads a [PCD-03] RGV^O15 (IHE PCD TF-2 3.3.4) into an infusion order, or lists everything wrong
 * with it as ERR entries: HL7 table 0357 code, ERR-2 location and the IHE PCD application error
 * (TF-2 B.3), e.g. a missing pump OBX (100, `OBX`, 9003), units the lab cannot read (103,
 * `RXG^1^16`, 9008), or a weight-based dose without the weight OBX (100, `OBX`, 9019).
 *
 * @example const result = parseRgvO15(parseHl7(text)); if (!result.ok) sendRrg(result.errors)
 */
export function parseRgvO15(parsed: ParsedHl7): RgvO15Result {
  if (parsed.messageCode !== 'RGV' || parsed.triggerEvent !== 'O15') {
    return {
      ok: false,
      errors: [err('200', 'MSH', { location: { segment: 'MSH', sequence: 1, field: 9 } })],
    };
  }
  const errors: PivError[] = [];
  const pid = parsed.segment('PID');
  const orc = parsed.segment('ORC');
  const rxg = parsed.segment('RXG');
  let patient: ReturnType<typeof readPatient>;
  try {
    patient = readPatient(parsed);
  } catch (error) {
    if (!isPumplabError(error)) throw error;
    errors.push(errorFromThrown(error, '9031'));
  }
  if (!pid) errors.push(err('100', 'PID', { application: '9031' }));
  else if (!patient && errors.length === 0) errors.push(at(pid, 3, '101', { application: '9031' }));
  const placer = orc?.component(2, 1) ?? '';
  if (!orc) errors.push(err('100', 'ORC'));
  else if (placer === '') errors.push(at(orc, 2, '101', { application: '9003', parameter: 'ORC-2' }));
  if (!rxg) errors.push(err('100', 'RXG', { application: '9003' }));
  const fields = rxg && orderFields(rxg, errors);
  const rows = readObxRows(parsed);
  const pumpRow = findRow(rows, mdcTerms.pumpVmd);
  if (!pumpRow)
    errors.push(err('100', 'OBX', { application: '9003', parameter: 'pump ID', detail: 'no 69986 OBX' }));
  else if (!pumpRow.equipment)
    errors.push(at(pumpRow.view, 18, '101', { application: '9003', parameter: 'OBX-18' }));
  const weightKg = readWeight(rows, errors);
  // TF-2 B.3 9019: "Drug is weight-based or BSA-based, but patient weight OBX is missing".
  if (fields?.doseRate?.unit.includes('/kg/') && !findRow(rows, mdcTerms.patientWeight)) {
    errors.push(err('100', 'OBX', { application: '9019', parameter: 'patient weight' }));
  }
  if (errors.length > 0 || !fields || !patient || !pumpRow?.equipment) return { ok: false, errors };
  const candidate = withoutUndefined({
    controlId: parsed.controlId,
    applicationAckType: parsed.applicationAckType,
    placerOrderNumber: placer,
    patient,
    location: readLocation(parsed),
    pumpId: pumpRow.equipment.id,
    ...fields,
    weightKg,
    nurseId: orc?.component(19, 1) || undefined,
  });
  const result = infusionOrderSchema.safeParse(candidate);
  if (result.success) return { ok: true, order: result.data };
  return {
    ok: false,
    errors: [err('207', 'RXG', { application: '9004', detail: result.error.issues[0]?.message })],
  };
}

function at(view: Hl7SegmentView, field: number, code: PivError['code'], extra: Partial<PivError>): PivError {
  return { code, severity: 'E', location: { segment: view.name, sequence: view.sequence, field }, ...extra };
}

/** The weight OBX (68063), converted to kg; undefined when absent or unreadable (then an ERR). */
function readWeight(rows: ReturnType<typeof readObxRows>, errors: PivError[]): number | undefined {
  const row = findRow(rows, mdcTerms.patientWeight);
  if (!row) return undefined;
  const value = nmSchema.safeParse(row.value);
  if (!value.success) {
    errors.push(at(row.view, 5, '102', { application: '9004', parameter: 'patient weight' }));
    return undefined;
  }
  // TF-2 3.3.4.4.9 OBX-6 for weight: MDC_DIM_X_G, MDC_DIM_KILO_G, g or kg.
  const unit = resolveUnit(row.units)?.lab;
  if (unit !== 'kg' && unit !== 'g') {
    errors.push(at(row.view, 6, '103', { application: '9008', parameter: 'OBX-6' }));
    return undefined;
  }
  return unit === 'g' ? value.data / 1000 : value.data;
}

/** The pump command the order becomes (contract server-commands.ts), before limits are checked. */
export function programOrderOf(order: InfusionOrder): ProgramOrder {
  return {
    infusionId: order.placerOrderNumber,
    patientId: order.patient.mrn,
    drugId: order.drug.id,
    ...(order.rate === undefined ? {} : { rate: order.rate }),
    ...(order.doseRate === undefined ? {} : { doseRate: order.doseRate }),
    ...(order.weightKg === undefined ? {} : { weightKg: order.weightKg }),
    vtbi: order.vtbi,
    confirmSoftLimit: false,
    autoStart: false,
  };
}
