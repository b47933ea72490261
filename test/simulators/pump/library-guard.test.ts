import { describe, expect, it } from 'vitest';
import type { DrugLibrary } from '../../../simulators/contract/drug-library.ts';
import { programOrderSchema, type ProgramOrder } from '../../../simulators/contract/server-commands.ts';
import { guardProgram } from '../../../simulators/pump/library-guard.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';
import { codeOf } from './pump-fixtures.ts';

const order = (fields: Partial<ProgramOrder>): ProgramOrder =>
  programOrderSchema.parse({ infusionId: 'inf-1', drugId: 'propofol', vtbi: 100, weightKg: 70, ...fields });

const propofol = (value: number, extra: Partial<ProgramOrder> = {}): ProgramOrder =>
  order({ doseRate: { value, unit: 'mcg/kg/min' }, ...extra });

describe('the library guard', () => {
  it('resolves an order within every limit to its rate and dose', () => {
    const guarded = guardProgram(propofol(30), sampleDrugLibrary, 'icu');
    expect(guarded.rateMlPerHour).toBeCloseTo(12.6, 9);
    expect(guarded.dose.value).toBeCloseTo(30, 9);
    expect(guarded.overrides).toEqual([]);
  });

  it('refuses programming without a library, outside the care area, or for a drug not listed there', () => {
    expect(codeOf(() => guardProgram(propofol(30), null, 'icu'))).toBe('PUMP_NO_LIBRARY');
    expect(codeOf(() => guardProgram(propofol(30), sampleDrugLibrary, 'nicu'))).toBe(
      'PUMP_CARE_AREA_UNKNOWN',
    );
    expect(codeOf(() => guardProgram(propofol(30), sampleDrugLibrary, 'med-surg'))).toBe(
      'PUMP_DRUG_NOT_IN_LIBRARY',
    );
  });

  it('needs a confirmation past a soft limit and records the override', () => {
    expect(codeOf(() => guardProgram(propofol(60), sampleDrugLibrary, 'icu'))).toBe('PUMP_SOFT_LIMIT');
    expect(codeOf(() => guardProgram(propofol(2), sampleDrugLibrary, 'icu'))).toBe('PUMP_SOFT_LIMIT');
    const guarded = guardProgram(propofol(60, { confirmSoftLimit: true }), sampleDrugLibrary, 'icu');
    expect(guarded.overrides).toEqual([{ limit: 'softMax', value: 60, bound: 50, unit: 'mcg/kg/min' }]);
  });

  it('never passes a hard limit, confirmed or not, by dose or by an mL/h rate', () => {
    const confirmed = { confirmSoftLimit: true };
    expect(codeOf(() => guardProgram(propofol(90, confirmed), sampleDrugLibrary, 'icu'))).toBe(
      'PUMP_HARD_LIMIT',
    );
    // 40 mL/h of 10 mg/mL for 70 kg is 95.2 mcg/kg/min: over the 80 hard maximum.
    const byRate = order({ rate: 40, ...confirmed });
    expect(codeOf(() => guardProgram(byRate, sampleDrugLibrary, 'icu'))).toBe('PUMP_HARD_LIMIT');
    expect(guardProgram(propofol(80, confirmed), sampleDrugLibrary, 'icu').dose.value).toBeCloseTo(80, 9);
  });

  it("holds every rate under the care area's maximum", () => {
    const library: DrugLibrary = structuredClone(sampleDrugLibrary);
    const icu = library.careAreas.find((area) => area.id === 'icu');
    if (icu) icu.maxRateMlPerHour = 100;
    const saline = order({ drugId: 'normal-saline', rate: 200, weightKg: undefined });
    expect(codeOf(() => guardProgram(saline, library, 'icu'))).toBe('PUMP_HARD_LIMIT');
  });

  it('converts a dose ordered in another unit of the same dimension', () => {
    const norepinephrine = order({
      drugId: 'norepinephrine',
      weightKg: 80,
      doseRate: { value: 0.1, unit: 'mcg/kg/min' },
    });
    const guarded = guardProgram(norepinephrine, sampleDrugLibrary, 'icu');
    expect(guarded.dose).toEqual({ value: expect.closeTo(8, 9), unit: 'mcg/min' });
    expect(guarded.rateMlPerHour).toBeCloseTo(30, 9);
  });

  it('refuses orders with no rate, a rate that disagrees with the dose, or a weight-based dose without weight', () => {
    expect(codeOf(() => guardProgram(order({}), sampleDrugLibrary, 'icu'))).toBe('PUMP_PROGRAM_INVALID');
    expect(codeOf(() => guardProgram(propofol(30, { rate: 20 }), sampleDrugLibrary, 'icu'))).toBe(
      'PUMP_PROGRAM_INVALID',
    );
    expect(codeOf(() => guardProgram(propofol(30, { weightKg: undefined }), sampleDrugLibrary, 'icu'))).toBe(
      'PUMP_WEIGHT_REQUIRED',
    );
  });
});
