import { doseUnits, type DoseUnit } from '../../contract/drug-library.ts';
import type { PumplabError } from '../../../core/errors.ts';
import type { Hl7ErrorCode, Hl7Location } from '../message/hl7-issue.ts';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';
import { resolveUnit } from './mdc-units.ts';
import { cweTriplets, nmSchema } from './pcd-fields.ts';
import { parseErl, type PivError, type PivErrorCode } from './piv-errors.ts';

/** What the RXG segment of an RGV^O15 orders (TF-2 3.3.4.4.5). */
export interface OrderFields {
  drug: { id: string; name: string };
  vtbi: number;
  rate?: number;
  doseRate?: { value: number; unit: DoseUnit };
  concentration?: { amount: number; unit: StrengthUnit };
}

const strengthUnits = ['mg', 'mcg', 'units', 'g'] as const;
type StrengthUnit = (typeof strengthUnits)[number];

/**
 * Reads RXG-4, -5, -7, -15, -16, -17, -18, -23 and -24, pushing an ERR entry for each field that is
 * missing (101, 9003), not a number (102, 9004) or in units the lab cannot use (103, 9008).
 * Returns undefined when anything was wrong.
 */
export function orderFields(rxg: Hl7SegmentView, errors: PivError[]): OrderFields | undefined {
  const before = errors.length;
  const problem = (field: number, code: Hl7ErrorCode, application: PivErrorCode): undefined => {
    const location: Hl7Location = { segment: 'RXG', sequence: rxg.sequence, field };
    errors.push({ code, severity: 'E', location, application, parameter: `RXG-${field}` });
    return undefined;
  };
  const number = (field: number, required: boolean): number | undefined => {
    const text = rxg.field(field);
    if (text === '') return required ? problem(field, '101', '9003') : undefined;
    const parsed = nmSchema.safeParse(text);
    if (!parsed.success) return problem(field, '102', '9004');
    return parsed.data > 0 ? parsed.data : problem(field, '102', '9005');
  };
  const unit = (field: number, allowed: readonly string[]): string | undefined => {
    if (rxg.component(field, 1) === '' && rxg.component(field, 2) === '')
      return problem(field, '101', '9003');
    const lab = resolveUnit(cweTriplets(rxg, field))?.lab;
    return lab !== undefined && allowed.includes(lab) ? lab : problem(field, '103', '9008');
  };
  const drug = { id: rxg.component(4, 1), name: rxg.component(4, 2) };
  if (drug.id === '' && drug.name === '') problem(4, '101', '9003');
  const vtbi = number(5, true);
  unit(7, ['mL']);
  const rateValue = number(15, true);
  const rateUnit = unit(16, ['mL/h', ...doseUnits]);
  const strength = number(17, false);
  let concentration: OrderFields['concentration'];
  if (strength !== undefined) {
    const strengthUnit = unit(18, strengthUnits) as StrengthUnit | undefined;
    const volume = number(23, true);
    unit(24, ['mL']);
    if (strengthUnit !== undefined && volume !== undefined) {
      concentration = { amount: strength / volume, unit: strengthUnit };
    }
  }
  if (errors.length > before || vtbi === undefined || rateValue === undefined || rateUnit === undefined) {
    return undefined;
  }
  return {
    drug,
    vtbi,
    ...(rateUnit === 'mL/h'
      ? { rate: rateValue }
      : { doseRate: { value: rateValue, unit: rateUnit as DoseUnit } }),
    ...(concentration ? { concentration } : {}),
  };
}

/** An ERR entry for a PumplabError thrown while reading a field (its details carry ERL and 0357). */
export function errorFromThrown(error: PumplabError, application: PivErrorCode): PivError {
  const location =
    typeof error.details['location'] === 'string' ? parseErl(error.details['location']) : undefined;
  const code = (
    typeof error.details['hl7ErrorCode'] === 'string' ? error.details['hl7ErrorCode'] : '102'
  ) as Hl7ErrorCode;
  return { code, severity: 'E', application, ...(location ? { location } : {}) };
}
