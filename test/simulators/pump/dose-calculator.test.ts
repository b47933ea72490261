import { describe, expect, it } from 'vitest';
import { fromMlPerHour, toMlPerHour } from '../../../simulators/pump/dose-calculator.ts';
import { codeOf } from './pump-fixtures.ts';

describe('the dose calculator', () => {
  it.each([
    { dose: { value: 50, unit: 'mcg/kg/min' }, conc: { amount: 10, unit: 'mg' }, kg: 70, mlh: 21 },
    { dose: { value: 1000, unit: 'units/h' }, conc: { amount: 100, unit: 'units' }, kg: undefined, mlh: 10 },
    { dose: { value: 8, unit: 'mcg/min' }, conc: { amount: 16, unit: 'mcg' }, kg: undefined, mlh: 30 },
    { dose: { value: 2, unit: 'mg/h' }, conc: { amount: 1, unit: 'mg' }, kg: undefined, mlh: 2 },
    { dose: { value: 1, unit: 'mg/kg/h' }, conc: { amount: 10, unit: 'mg' }, kg: 80, mlh: 8 },
    { dose: { value: 500, unit: 'mg/h' }, conc: { amount: 0.5, unit: 'g' }, kg: undefined, mlh: 1 },
    { dose: { value: 0.1, unit: 'mcg/kg/min' }, conc: { amount: 16, unit: 'mcg' }, kg: 80, mlh: 30 },
    { dose: { value: 125, unit: 'mL/h' }, conc: { amount: 9, unit: 'mg' }, kg: undefined, mlh: 125 },
  ] as const)('converts $dose.value $dose.unit to $mlh mL/h and back', ({ dose, conc, kg, mlh }) => {
    expect(toMlPerHour(dose, conc, kg)).toBeCloseTo(mlh, 9);
    expect(fromMlPerHour(mlh, dose.unit, conc, kg)).toBeCloseTo(dose.value, 9);
  });

  it('needs the weight for weight-based units', () => {
    const propofol = { amount: 10, unit: 'mg' } as const;
    expect(codeOf(() => toMlPerHour({ value: 50, unit: 'mcg/kg/min' }, propofol))).toBe(
      'PUMP_WEIGHT_REQUIRED',
    );
    expect(codeOf(() => fromMlPerHour(21, 'mg/kg/h', propofol, 0))).toBe('PUMP_WEIGHT_REQUIRED');
  });

  it('refuses units it does not know and doses of the wrong dimension', () => {
    const heparin = { amount: 100, unit: 'units' } as const;
    expect(codeOf(() => toMlPerHour({ value: 1, unit: 'drops/min' }, heparin))).toBe('PUMP_DOSE_UNSUPPORTED');
    expect(codeOf(() => toMlPerHour({ value: 1, unit: 'mg/h' }, heparin))).toBe('PUMP_DOSE_UNSUPPORTED');
    expect(codeOf(() => fromMlPerHour(5, 'units/h', { amount: 1, unit: 'mg' }))).toBe(
      'PUMP_DOSE_UNSUPPORTED',
    );
  });
});
