import { pcdMessage } from './pcd-message.ts';
import type { DoseUnit } from '../../contract/drug-library.ts';
import { type Hl7AckCondition } from '../message/hl7-build.ts';
import { formatHl7Timestamp } from '../message/hl7-timestamp.ts';
import { pumpEquipmentEi } from './equipment-id.ts';
import { mdcTerms, termCwe } from './mdc-terms.ts';
import { unitCwe } from './mdc-units.ts';
import { pidFields, pv1Fields, type PatientIdentity, type PatientLocation } from './patient-segments.ts';
import { nm, type Hl7Party } from './pcd-fields.ts';
import { pcdProfiles } from './pcd-profiles.ts';

export { parseRgvO15, programOrderOf, type InfusionOrder, type RgvO15Result } from './pcd03-read.ts';

/** The infusion a nurse scanned at the bedside, as the point-of-care system sends it. */
export interface RgvO15Order {
  /** ORC-2, the placer order number the EHR gave the order. */
  placerId: string;
  /** RXG-4: identifier (the lab drug library id) and text (the drug name). */
  drug: { id: string; name: string };
  /** RXG-17/18 over RXG-23/24: `amount` of `unit` in `volumeMl` (TF-2 3.3.4.4.7). */
  concentration?: { amount: number; unit: 'mg' | 'mcg' | 'units' | 'g'; volumeMl: number };
  /** Either a rate in mL/h or a dose rate in a drug library dose unit (RXG-15/16). */
  rate?: number;
  doseRate?: { value: number; unit: DoseUnit };
  /** RXG-5, volume to be infused, mL. */
  vtbi: number;
}

/** Everything a [PCD-03] Communicate Infusion Order carries. */
export interface RgvO15Input {
  patient: PatientIdentity & { weightKg?: number };
  location?: PatientLocation;
  order: RgvO15Order;
  /** The pump (channel) to program: its serial, in OBX-18 of the 69986 OBX. */
  pumpId: string;
  pumpModel?: string;
  /** ORC-19 Action By: the nurse who scanned (TF-2 E.2.3 puts N0001 there). */
  nurseId?: string;
  controlId: string;
  at: number;
  offsetMinutes?: number;
  sender: Hl7Party;
  receiver: Hl7Party;
  /** MSH-16: `AL` (the profile's recommendation, TF-2 3.3.4.4.1), `ER` or `NE`. */
  applicationAck?: Extract<Hl7AckCondition, 'AL' | 'ER' | 'NE'>;
}

/**
 * Builds a [PCD-03] Communicate Infusion Order, RGV^O15^RGV_O15 (IHE PCD TF-2 3.3.4): MSH, PID,
 * [PV1], ORC, RXG, RXR and OBX segments, the first naming the pump (69986^MDC_DEV_PUMP_INFUS_VMD^MDC
 * with the pump id in OBX-18 EI-1, TF-2 3.3.4.4.9) and, when known, one with the patient's weight
 * (68063^MDC_ATTR_PT_WEIGHT^MDC in kg).
 *
 * @example buildRgvO15({ patient: { mrn: 'MRN1', weightKg: 70 }, order: { placerId: 'O1',
 *   drug: { id: 'dopamine', name: 'Dopamine' }, doseRate: { value: 5, unit: 'mcg/kg/min' }, vtbi: 250,
 *   concentration: { amount: 400, unit: 'mg', volumeMl: 250 } }, pumpId: 'P-0001', controlId: 'R1',
 *   at: clock.now(), sender, receiver })
 */
export function buildRgvO15(input: RgvO15Input): string {
  const { order, patient } = input;
  const offset = input.offsetMinutes ?? 0;
  // TF-2 3.3.4.4.1: MSH-15 AL from the IOP; MSH-16 AL recommended.
  const builder = pcdMessage({
    ...input,
    messageType: 'RGV^O15^RGV_O15',
    applicationAck: input.applicationAck ?? 'AL',
    profile: pcdProfiles.pcd03,
  });
  builder.segment('PID', pidFields(patient));
  if (input.location) builder.segment('PV1', pv1Fields(input.location));
  const orc = new Array<string | string[] | undefined>(19).fill(undefined);
  // ORC-1 RE as in TF-2 E.2.3; ORC-9 the transaction time (CP-PCD-054; checked for staleness, 9022).
  orc[0] = 'RE';
  orc[1] = [order.placerId];
  orc[8] = formatHl7Timestamp(input.at, offset);
  orc[18] = input.nurseId === undefined ? undefined : [input.nurseId];
  builder.segment('ORC', orc);
  const [rateValue, rateUnit] = order.doseRate
    ? [order.doseRate.value, order.doseRate.unit]
    : [order.rate ?? 0, 'mL/h'];
  const rxg = new Array<string | string[] | undefined>(24).fill(undefined);
  rxg[0] = '1';
  rxg[3] = [order.drug.id, order.drug.name];
  rxg[4] = nm(order.vtbi);
  rxg[6] = unitCwe('mL');
  rxg[14] = nm(rateValue);
  rxg[15] = unitCwe(rateUnit);
  if (order.concentration) {
    rxg[16] = nm(order.concentration.amount);
    rxg[17] = unitCwe(order.concentration.unit);
    rxg[22] = nm(order.concentration.volumeMl);
    rxg[23] = unitCwe('mL');
  }
  builder.segment('RXG', rxg);
  // RXR-1 route IV, RXR-3 device IVP (large-volume pump), as TF-2 E.2.3 writes them.
  builder.segment('RXR', ['IV', undefined, 'IVP']);
  const pump = pumpEquipmentEi(input.pumpId, input.pumpModel ?? '');
  builder.segment('OBX', [
    '1',
    '',
    termCwe(mdcTerms.pumpVmd),
    ...new Array<undefined>(7),
    'X',
    ...new Array<undefined>(6),
    pump,
  ]);
  if (patient.weightKg !== undefined) {
    builder.segment('OBX', [
      '2',
      'NM',
      termCwe(mdcTerms.patientWeight),
      undefined,
      nm(patient.weightKg),
      unitCwe('kg'),
      ...new Array<undefined>(4),
      'F',
    ]);
  }
  return builder.toString();
}
