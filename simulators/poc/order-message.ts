import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';
import { doseUnits } from '../contract/drug-library.ts';
import type { InfusionOrder } from '../ehr/infusion-order.ts';
import type { Patient } from '../ehr/patient.ts';
import { labelStrengthUnits } from './barcodes.ts';
import type { ProgrammedDose } from './five-rights.ts';
import { buildRgvO15, type RgvO15Order } from '../hl7/pcd/pcd03-infusion-order.ts';
import type { Hl7Party } from '../hl7/pcd/pcd-fields.ts';

/** A verified order, ready to become an RGV^O15. */
export interface OrderMessageInput {
  order: InfusionOrder;
  patient: Patient;
  /** The pump scanned: its serial goes in OBX-18 of the 69986 OBX. */
  pumpSerial: string;
  /** The dose the five rights passed (the order's). */
  programmed: ProgrammedDose;
  /** ORC-19, the nurse who scanned. */
  nurseId?: string;
  controlId: string;
  /** Lab clock, epoch milliseconds: MSH-7 and ORC-9 (TF-2 3.3.4.4.3, checked for staleness). */
  at: number;
  sender: Hl7Party;
  receiver: Hl7Party;
}

const doseUnitSchema = z.enum(doseUnits);
const strengthUnitSchema = z.enum(labelStrengthUnits);

/**
 * Writes the [PCD-03] Communicate Infusion Order (IHE PCD TF-2 3.3.4) for a verified order: PID
 * from the EHR patient (MRN, name, birth date, sex), PV1 from the bed, ORC-2 the EHR order id, RXG
 * the drug, VTBI, rate (mL/h) or dose rate, concentration per mL, OBX 69986 with the pump serial and
 * OBX 68063 with the weight (the pump server needs it for weight-based doses, TF-2 B.3 9019).
 *
 * @throws PumplabError INPUT_INVALID when the order's dose or strength unit is one no pump library uses
 * @example const text = rgvO15For({ order, patient, pumpSerial: 'PL00001', programmed, controlId, at, sender, receiver })
 */
export function rgvO15For(input: OrderMessageInput): string {
  const { order, patient, programmed } = input;
  const strength = strengthUnitSchema.safeParse(order.concentration.unit);
  if (!strength.success) throw unsendable('concentration unit', order.concentration.unit);
  const rgvOrder: RgvO15Order = {
    placerId: order.orderId,
    drug: { id: order.drugId, name: order.drugName },
    concentration: { amount: order.concentration.amount, unit: strength.data, volumeMl: 1 },
    vtbi: programmed.vtbiMl,
    ...doseFields(programmed.dose),
  };
  return buildRgvO15({
    patient: {
      mrn: patient.mrn,
      name: { family: patient.family, given: patient.given },
      birthDate: patient.birthDate,
      sex: patient.sex,
      weightKg: patient.weightKg,
    },
    location: patient.location,
    order: rgvOrder,
    pumpId: input.pumpSerial,
    ...(input.nurseId === undefined ? {} : { nurseId: input.nurseId }),
    controlId: input.controlId,
    at: input.at,
    sender: input.sender,
    receiver: input.receiver,
  });
}

/** RXG-15/16: a rate in mL/h, or a dose rate in a drug library dose unit. */
function doseFields(dose: ProgrammedDose['dose']): Pick<RgvO15Order, 'rate' | 'doseRate'> {
  if (dose.kind === 'rate') return { rate: dose.mlPerHour };
  const unit = doseUnitSchema.safeParse(dose.unit);
  if (!unit.success) throw unsendable('dose unit', dose.unit);
  // A dose "rate" in mL/h is a rate: the pump server reads RXG-16 mL/h as such.
  return unit.data === 'mL/h' ? { rate: dose.value } : { doseRate: { value: dose.value, unit: unit.data } };
}

function unsendable(what: string, unit: string): PumplabError {
  return new PumplabError('INPUT_INVALID', `The order's ${what} ${unit} is not one a pump library uses.`, {
    what,
    unit,
  });
}
