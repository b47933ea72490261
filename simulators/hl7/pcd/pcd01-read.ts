import { z } from 'zod';
import { deliveryStates } from '../../contract/pump-messages.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import { mdcTerms, type MdcTerm } from './mdc-terms.ts';
import { resolveUnit } from './mdc-units.ts';
import { containerOf, findRow, observedAtOf, readObxRows, type ObxRow } from './obx-rows.ts';
import { locationSchema, patientSchema, readLocation, readPatient } from './patient-segments.ts';
import { expectMessageType, nmSchema, readField, readTime, withoutUndefined } from './pcd-fields.ts';
import { stateOfPumpStatus } from './pump-status-values.ts';

const timeSchema = z.object({ ms: z.number(), offsetMinutes: z.number().optional() });
const quantity = z.object({ value: z.number(), unit: z.string() });

export const pcd01ObservationSchema = z.object({
  controlId: z.string(),
  /** MSH-7. */
  sentAt: timeSchema,
  patient: patientSchema.optional(),
  location: locationSchema.optional(),
  /** OBX-18 of the MDS (or first device) OBX: the pump's identifier and model. */
  pump: z.object({ id: z.string().min(1), model: z.string().optional(), eui64: z.string().optional() }),
  /** OBR-2: the placer order number of the infusion, when the reporter knows it. */
  placerOrderNumber: z.string().optional(),
  /** When the rate was observed (OBX-14, inherited per TF-2 B.8.3, else OBR-7). */
  observedAt: timeSchema.optional(),
  state: z.enum(deliveryStates).optional(),
  /** MDC_PUMP_STAT (or IPEC MDC_PUMP_INFUSING_STATUS) value as sent. */
  pumpStatus: z.string().optional(),
  /** mL/h flowing now (delivery channel), and the rate programmed on the source. */
  rate: z.number().nonnegative().optional(),
  programmedRate: z.number().nonnegative().optional(),
  doseRate: quantity.optional(),
  /** mL. */
  vtbi: z.number().nonnegative().optional(),
  volumeDelivered: z.number().nonnegative().optional(),
  vtbiRemaining: z.number().nonnegative().optional(),
  /** Minutes. */
  timeRemaining: z.number().nonnegative().optional(),
  drugName: z.string().optional(),
  concentration: quantity.optional(),
  libraryVersion: z.string().optional(),
  careArea: z.string().optional(),
});
/** What the EHR charts from a [PCD-01] (or IPEC [PCD-10]) pump report. */
export type Pcd01Observation = z.infer<typeof pcd01ObservationSchema>;

const t = mdcTerms;
/** IPEC (10101b) terms read as well as the TF-3 ones; codes pending there, so matched by refId. */
const pending = (refId: string): MdcTerm => ({ code: 0, refId, status: 'unconfirmed', source: 'IPEC' });
const infusingStatus: MdcTerm = { ...pending('MDC_PUMP_INFUSING_STATUS'), code: 184519 };
const currentFlow = pending('MDC_FLOW_FLUID_PUMP_CURRENT');

/**
 * Reads a pump observation report: [PCD-01] ORU^R01 (TF-2 3.1), or the IPEC [PCD-10] ORU^R42, whose
 * structure differs only in MSH-9.2 and MSH-21 (IPEC X.1.1).
 *
 * @throws PumplabError HL7_MESSAGE_TYPE_UNEXPECTED for other messages, HL7_CONTENT_INVALID (with
 *   `details.location`) when a field does not hold what its OBX-3 says, or no pump id is present.
 */
export function parsePcd01(parsed: ParsedHl7): Pcd01Observation {
  expectMessageType(parsed, ['ORU^R01', 'ORU^R42']);
  const rows = readObxRows(parsed);
  const obr = parsed.segment('OBR');
  const obrTime = obr?.field(7) ?? '';
  const equipmentRow = rows.find((row) => row.isDevice && row.equipment) ?? rows.find((row) => row.equipment);
  const equipment = equipmentRow?.equipment;
  const number = (row: ObxRow | undefined): number | undefined =>
    row && row.value !== '' ? readField(nmSchema, row.view, 5, row.value) : undefined;
  const text = (row: ObxRow | undefined): string | undefined =>
    row && row.value !== '' ? row.value : undefined;
  const withUnit = (row: ObxRow | undefined) => {
    const value = number(row);
    if (row === undefined || value === undefined) return undefined;
    return { value, unit: resolveUnit(row.units)?.lab ?? row.units[0]?.text ?? '' };
  };
  const status = findRow(rows, t.pumpStatus, infusingStatus);
  const flows = rows.filter((row) => findRow([row], t.flowRate, currentFlow));
  const inDelivery = (row: ObxRow) => {
    const channel = containerOf(rows, row, 3);
    return (
      channel !== undefined &&
      findRow([channel], t.deliveryChannel, pending('MDC_DEV_PUMP_DELIVERY_INFO')) !== undefined
    );
  };
  const current = flows.find(inDelivery) ?? flows.find((row) => row.refId === currentFlow.refId);
  const programmed = flows.find((row) => row !== current) ?? current;
  const rateRow = current ?? programmed;
  const observed = rateRow ? observedAtOf(rows, rateRow, obrTime) : obrTime;
  const placer = obr?.component(2, 1) ?? '';
  const candidate = {
    controlId: parsed.controlId,
    sentAt: readTime(parsed.timestamp),
    patient: readPatient(parsed),
    location: readLocation(parsed),
    pump: equipment && {
      id: equipment.id,
      model: equipment.model,
      eui64: equipment.universalIdType === 'EUI-64' ? equipment.universalId : undefined,
    },
    placerOrderNumber: placer === '' ? undefined : placer,
    observedAt: readTime(observed),
    state:
      status &&
      stateOfPumpStatus(
        status.view.component(5, 2),
        status.view.component(5, 4),
        status.view.component(5, 6),
      ),
    pumpStatus: status?.view.component(5, 2) || undefined,
    rate: number(current),
    programmedRate: number(programmed),
    doseRate: withUnit(findRow(rows, t.doseRate)),
    vtbi: number(findRow(rows, t.vtbi)),
    volumeDelivered: number(findRow(rows, t.volumeDeliveredTotal, t.volumeDelivered)),
    vtbiRemaining: number(findRow(rows, t.vtbiRemaining)),
    timeRemaining: number(findRow(rows, t.timeRemaining)),
    drugName: text(findRow(rows, t.drugNameLabel, t.drugNameType)),
    concentration: withUnit(findRow(rows, t.drugConcentration)),
    libraryVersion: text(findRow(rows, t.libraryVersion)),
    careArea: text(findRow(rows, t.careArea)),
  };
  // A missing pump id is reported at OBX-18 of the MDS (TF-2 B.8: the equipment instance identifier).
  const anchor = equipmentRow?.view ?? rows[0]?.view ?? parsed.header;
  return readField(pcd01ObservationSchema, anchor, 18, withoutUndefined(candidate));
}
