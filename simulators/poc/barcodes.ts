import { PumplabError } from '../../core/errors.ts';

/*
 * The lab's barcode formats. A hospital prints its own (GS1 DataMatrix on the label, Code 128 on the
 * wristband); the lab keeps one readable format per kind, a prefix and `|`-separated fields, so a
 * trainer can print or type them:
 *
 *   wristband           WB|MRN100004
 *   medication label    RX|ORD5000|heparin|100 units/mL
 *   pump channel label  PUMP|PL00001
 */

/** Concentration units a lab label may carry: amount of drug per mL (drug library contract). */
export const labelStrengthUnits = ['mg', 'mcg', 'units', 'g'] as const;
export type LabelStrengthUnit = (typeof labelStrengthUnits)[number];

/** What a wristband says: the patient's medical record number. */
export interface WristbandScan {
  mrn: string;
}

/** What a pharmacy medication label says: the order it was dispensed for, the drug and its strength. */
export interface MedicationLabel {
  orderId: string;
  drugId: string;
  /** Amount of drug per mL. */
  concentration: { amount: number; unit: LabelStrengthUnit };
}

/** What a pump channel label says: the pump's serial (the id the PCD-03 69986 OBX-18 carries). */
export interface PumpLabel {
  serial: string;
}

/** The EHR's MRN format (simulators/ehr/patient.ts). */
const mrnPattern = /^MRN\d{6}$/;
/** ORC-2 placer numbers: letters, digits and dashes, at most 64 (pcd03-read.ts). */
const orderIdPattern = /^[A-Za-z0-9-]{1,64}$/;
/** Drug library ids (contract/drug-library.ts). */
const drugIdPattern = /^[a-z0-9-]{2,40}$/;
/** Pump serials as the MQTT contract allows them (contract/topics.ts). */
const serialPattern = /^[A-Za-z0-9-]{1,32}$/;
/** `100 units/mL`, `0.5 mg/mL`: a positive decimal, a unit, per mL. */
const strengthPattern = /^(\d+(?:\.\d+)?) (mg|mcg|units|g)\/mL$/;

type Kind = 'wristband' | 'medication' | 'pump';

function invalid(kind: Kind, reason: string): PumplabError {
  // The scanned text is not put in details: a wristband holds an MRN, which is PHI.
  return new PumplabError('POC_BARCODE_INVALID', `This is not a lab ${kind} barcode: ${reason}.`, {
    kind,
    reason,
  });
}

/** Splits `code` into its fields after checking the prefix and the field count. */
function fields(code: string, kind: Kind, prefix: string, count: number): string[] {
  const parts = code.trim().split('|');
  if (parts[0] !== prefix) throw invalid(kind, `it does not start with ${prefix}|`);
  if (parts.length !== count + 1) throw invalid(kind, `it holds ${parts.length - 1} fields, not ${count}`);
  return parts.slice(1);
}

/**
 * Reads a wristband barcode.
 *
 * @throws PumplabError POC_BARCODE_INVALID
 * @example parseWristband('WB|MRN100004') // { mrn: 'MRN100004' }
 */
export function parseWristband(code: string): WristbandScan {
  const [mrn = ''] = fields(code, 'wristband', 'WB', 1);
  if (!mrnPattern.test(mrn)) throw invalid('wristband', 'the MRN is not MRN followed by six digits');
  return { mrn };
}

/**
 * Reads a medication label barcode.
 *
 * @throws PumplabError POC_BARCODE_INVALID
 * @example parseMedicationLabel('RX|ORD5000|heparin|100 units/mL')
 *   // { orderId: 'ORD5000', drugId: 'heparin', concentration: { amount: 100, unit: 'units' } }
 */
export function parseMedicationLabel(code: string): MedicationLabel {
  const [orderId = '', drugId = '', strength = ''] = fields(code, 'medication', 'RX', 3);
  if (!orderIdPattern.test(orderId)) throw invalid('medication', 'the order id is not valid');
  if (!drugIdPattern.test(drugId)) throw invalid('medication', 'the drug id is not a drug library id');
  const match = strengthPattern.exec(strength);
  const amount = Number(match?.[1]);
  if (!match || !(amount > 0)) {
    throw invalid('medication', 'the concentration is not written as "<amount> <mg|mcg|units|g>/mL"');
  }
  return { orderId, drugId, concentration: { amount, unit: match[2] as LabelStrengthUnit } };
}

/**
 * Reads a pump channel label barcode.
 *
 * @throws PumplabError POC_BARCODE_INVALID
 * @example parsePumpLabel('PUMP|PL00001') // { serial: 'PL00001' }
 */
export function parsePumpLabel(code: string): PumpLabel {
  const [serial = ''] = fields(code, 'pump', 'PUMP', 1);
  if (!serialPattern.test(serial)) throw invalid('pump', 'the serial is not 1-32 letters, digits or dashes');
  return { serial };
}

/** Prints a wristband barcode. @example wristbandBarcode('MRN100004') // 'WB|MRN100004' */
export const wristbandBarcode = (mrn: string): string => `WB|${mrn}`;

/**
 * Prints a medication label barcode.
 *
 * @example medicationBarcode({ orderId: 'ORD5000', drugId: 'heparin',
 *   concentration: { amount: 100, unit: 'units' } }) // 'RX|ORD5000|heparin|100 units/mL'
 */
export const medicationBarcode = (label: MedicationLabel): string =>
  `RX|${label.orderId}|${label.drugId}|${label.concentration.amount} ${label.concentration.unit}/mL`;

/** Prints a pump channel label barcode. @example pumpBarcode('PL00001') // 'PUMP|PL00001' */
export const pumpBarcode = (serial: string): string => `PUMP|${serial}`;
