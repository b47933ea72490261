import type { InfusionOrder } from '../ehr/infusion-order.ts';
import type { Patient } from '../ehr/patient.ts';
import type { MedicationLabel, PumpLabel, WristbandScan } from './barcodes.ts';

/** The five rights of medication administration a BCMA system checks before anything is given. */
export const rights = ['patient', 'drug', 'dose', 'route', 'time'] as const;
export type Right = (typeof rights)[number];

/** Stable codes of the checks that can fail; tests and the dashboard key on these, not on text. */
export type RightsCode =
  | 'POC_WRONG_PATIENT'
  | 'POC_WRONG_DRUG'
  | 'POC_ALLERGY'
  | 'POC_WRONG_DOSE'
  | 'POC_WRONG_CONCENTRATION'
  | 'POC_WRONG_VOLUME'
  | 'POC_WRONG_ROUTE'
  | 'POC_WRONG_TIME'
  | 'POC_ORDER_NOT_ACTIVE';

/** One failed check: which right, a stable code, and a sentence the dashboard can show the nurse. */
export interface RightsFinding {
  right: Right;
  code: RightsCode;
  message: string;
}

/** The dose the nurse is about to program; by default the order's own. */
export interface ProgrammedDose {
  dose: InfusionOrder['dose'];
  vtbiMl: number;
}

/** What the nurse scanned, what the EHR holds, and when it is on the lab clock. */
export interface RightsInput {
  scanned: { wristband: WristbandScan; medication: MedicationLabel; pump: PumpLabel };
  order: InfusionOrder;
  patient: Patient;
  programmed: ProgrammedDose;
  /** Lab clock, epoch milliseconds. */
  now: number;
  /** Half-width of the administration window around `dueAt`, ms (default 30 min). */
  windowMs?: number;
}

/** The outcome: `ok` only when no check failed; `byRight` says pass or fail per right. */
export interface RightsCheck {
  ok: boolean;
  byRight: Record<Right, 'pass' | 'fail'>;
  findings: RightsFinding[];
}

/** The usual BCMA window: a scheduled dose may be given 30 min before or after it is due. */
export const defaultWindowMs = 30 * 60_000;

/** Numbers agree when equal to the 0.0001 an HL7 NM field carries (pcd-fields.ts nm()). */
const same = (a: number, b: number): boolean => Math.abs(a - b) < 5e-5;

/**
 * Checks the five rights: a pure function of the scans, the EHR's order and patient, the programmed
 * dose and the lab time. Every failed check is listed (a nurse fixes all at once, not one per scan).
 *
 * @example const check = checkFiveRights({ scanned, order, patient, programmed, now: clock.now() });
 *   if (!check.ok) show(check.findings.map((f) => f.message));
 */
export function checkFiveRights(input: RightsInput): RightsCheck {
  const findings = [
    ...patientFindings(input),
    ...drugFindings(input),
    ...doseFindings(input),
    ...routeFindings(input),
    ...timeFindings(input),
  ];
  const byRight = Object.fromEntries(
    rights.map((right) => [right, findings.some((f) => f.right === right) ? 'fail' : 'pass']),
  ) as Record<Right, 'pass' | 'fail'>;
  return { ok: findings.length === 0, byRight, findings };
}

function patientFindings({ scanned, order, patient }: RightsInput): RightsFinding[] {
  const wristband = scanned.wristband.mrn;
  if (wristband === order.mrn && wristband === patient.mrn) return [];
  return [
    {
      right: 'patient',
      code: 'POC_WRONG_PATIENT',
      message: 'The wristband scanned belongs to another patient than the one this order is for.',
    },
  ];
}

function drugFindings({ scanned, order, patient }: RightsInput): RightsFinding[] {
  const findings: RightsFinding[] = [];
  const label = scanned.medication;
  if (label.drugId !== order.drugId || label.orderId !== order.orderId) {
    findings.push({
      right: 'drug',
      code: 'POC_WRONG_DRUG',
      message: `The medication scanned (${label.drugId}) is not the drug ordered (${order.drugName}).`,
    });
  }
  for (const allergy of allergiesAgainst(patient.allergies, order)) {
    findings.push({
      right: 'drug',
      code: 'POC_ALLERGY',
      message: `The patient is recorded as allergic to ${allergy}; ${order.drugName} must not be given.`,
    });
  }
  return findings;
}

/** The patient's recorded allergies the ordered drug matches (by id or name, case-insensitive). */
export function allergiesAgainst(
  allergies: readonly string[],
  order: { drugId: string; drugName: string },
): string[] {
  const drugText = `${order.drugId} ${order.drugName}`.toLowerCase();
  return allergies.filter((allergy) => {
    const a = allergy.trim().toLowerCase();
    return a !== '' && (drugText.includes(a) || a.includes(order.drugId.toLowerCase()));
  });
}

function doseFindings({ scanned, order, programmed }: RightsInput): RightsFinding[] {
  const findings: RightsFinding[] = [];
  if (!sameDose(programmed.dose, order.dose)) {
    findings.push({
      right: 'dose',
      code: 'POC_WRONG_DOSE',
      message: `The dose to be programmed (${describeDose(programmed.dose)}) is not the dose ordered (${describeDose(order.dose)}).`,
    });
  }
  const label = scanned.medication.concentration;
  if (label.unit !== order.concentration.unit || !same(label.amount, order.concentration.amount)) {
    findings.push({
      right: 'dose',
      code: 'POC_WRONG_CONCENTRATION',
      message: `The bag is ${label.amount} ${label.unit}/mL but the order is for ${order.concentration.amount} ${order.concentration.unit}/mL.`,
    });
  }
  if (!same(programmed.vtbiMl, order.vtbiMl)) {
    findings.push({
      right: 'dose',
      code: 'POC_WRONG_VOLUME',
      message: `The volume to be infused (${programmed.vtbiMl} mL) is not the volume ordered (${order.vtbiMl} mL).`,
    });
  }
  return findings;
}

function routeFindings({ order }: RightsInput): RightsFinding[] {
  // The pump channel scanned is an IV infusion pump (RXR-1 IV, RXR-3 IVP in the RGV^O15).
  const route: string = order.route;
  if (route === 'IV') return [];
  return [
    {
      right: 'route',
      code: 'POC_WRONG_ROUTE',
      message: `The order's route is ${route}; an infusion pump gives IV only.`,
    },
  ];
}

function timeFindings({ order, now, windowMs = defaultWindowMs }: RightsInput): RightsFinding[] {
  const findings: RightsFinding[] = [];
  if (order.status !== 'active') {
    findings.push({
      right: 'time',
      code: 'POC_ORDER_NOT_ACTIVE',
      message: `The order is ${order.status}, not active: it is not to be given now.`,
    });
  }
  const offsetMs = now - Date.parse(order.dueAt);
  if (Math.abs(offsetMs) > windowMs) {
    const minutes = Math.round(Math.abs(offsetMs) / 60_000);
    findings.push({
      right: 'time',
      code: 'POC_WRONG_TIME',
      message: `It is ${minutes} min ${offsetMs < 0 ? 'before' : 'after'} the time the order is due (${order.dueAt}); the window is ±${Math.round(windowMs / 60_000)} min.`,
    });
  }
  return findings;
}

function sameDose(a: InfusionOrder['dose'], b: InfusionOrder['dose']): boolean {
  if (a.kind === 'rate' && b.kind === 'rate') return same(a.mlPerHour, b.mlPerHour);
  if (a.kind === 'dose-rate' && b.kind === 'dose-rate') return a.unit === b.unit && same(a.value, b.value);
  return false;
}

/** `125 mL/h`, `5 mcg/kg/min`. */
export function describeDose(dose: InfusionOrder['dose']): string {
  return dose.kind === 'rate' ? `${dose.mlPerHour} mL/h` : `${dose.value} ${dose.unit}`;
}
