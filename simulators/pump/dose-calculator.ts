import { PumplabError } from '../../core/errors.ts';
import { doseUnits, type DoseUnit, type DrugEntry } from '../contract/drug-library.ts';

/** A drug's concentration as the library states it: `amount` of `unit` in each mL. */
export type Concentration = Pick<DrugEntry['concentration'], 'amount' | 'unit'>;

/** A dose rate: a value in one of the library's dose units. */
export interface DoseRate {
  value: number;
  unit: string;
}

type Dimension = 'mass' | 'units' | 'volume';

interface UnitDefinition {
  dimension: Dimension;
  /** Factor to the dimension's base amount: mg for mass, units for units, mL for volume. */
  scale: number;
  perKg: boolean;
  /** Factor from the unit's time base to one hour. */
  perHour: number;
}

const minutesPerHour = 60;

/** Each dose unit of contract/drug-library.ts, reduced to base amount per hour (per kg when weight-based). */
const definitions: Record<DoseUnit, UnitDefinition> = {
  'mL/h': { dimension: 'volume', scale: 1, perKg: false, perHour: 1 },
  'mcg/kg/min': { dimension: 'mass', scale: 0.001, perKg: true, perHour: minutesPerHour },
  'mg/h': { dimension: 'mass', scale: 1, perKg: false, perHour: 1 },
  'units/h': { dimension: 'units', scale: 1, perKg: false, perHour: 1 },
  'mcg/min': { dimension: 'mass', scale: 0.001, perKg: false, perHour: minutesPerHour },
  'mg/kg/h': { dimension: 'mass', scale: 1, perKg: true, perHour: 1 },
};

const concentrationUnits: Record<Concentration['unit'], { dimension: Dimension; scale: number }> = {
  mcg: { dimension: 'mass', scale: 0.001 },
  mg: { dimension: 'mass', scale: 1 },
  g: { dimension: 'mass', scale: 1000 },
  units: { dimension: 'units', scale: 1 },
};

/** True when `unit` is one of the dose units the library format defines. */
export function isDoseUnit(unit: string): unit is DoseUnit {
  return (doseUnits as readonly string[]).includes(unit);
}

/**
 * Converts a dose rate to a pump rate in mL/h with the drug's concentration and, for weight-based
 * units, the patient's weight. Mixing dimensions (a mass dose for a drug dosed in units) is refused.
 * @example toMlPerHour({ value: 50, unit: 'mcg/kg/min' }, { amount: 10, unit: 'mg' }, 70) // 21
 */
export function toMlPerHour(dose: DoseRate, concentration: Concentration, weightKg?: number): number {
  const factor = baseAmountPerHourPerMl(dose.unit, concentration, weightKg);
  return dose.value * factor;
}

/**
 * Converts a pump rate in mL/h to a dose rate in `unit` (the inverse of {@link toMlPerHour}).
 * @example fromMlPerHour(21, 'mcg/kg/min', { amount: 10, unit: 'mg' }, 70) // 50
 */
export function fromMlPerHour(
  rateMlPerHour: number,
  unit: string,
  concentration: Concentration,
  weightKg?: number,
): number {
  const factor = baseAmountPerHourPerMl(unit, concentration, weightKg);
  return rateMlPerHour / factor;
}

/** mL/h that one unit of `unit` is worth for this concentration and weight. */
function baseAmountPerHourPerMl(unit: string, concentration: Concentration, weightKg?: number): number {
  if (!isDoseUnit(unit)) {
    throw new PumplabError('PUMP_DOSE_UNSUPPORTED', `The dose unit ${unit} is not supported.`, { unit });
  }
  const definition = definitions[unit];
  if (definition.dimension === 'volume') return 1;
  const drug = concentrationUnits[concentration.unit];
  if (drug.dimension !== definition.dimension) {
    throw new PumplabError(
      'PUMP_DOSE_UNSUPPORTED',
      `A dose in ${unit} cannot be given of a drug measured in ${concentration.unit}.`,
      { unit, concentrationUnit: concentration.unit },
    );
  }
  const weight = definition.perKg ? requireWeight(unit, weightKg) : 1;
  return (definition.scale * weight * definition.perHour) / (concentration.amount * drug.scale);
}

function requireWeight(unit: string, weightKg: number | undefined): number {
  if (weightKg === undefined || !Number.isFinite(weightKg) || weightKg <= 0) {
    throw new PumplabError('PUMP_WEIGHT_REQUIRED', `A dose in ${unit} needs the patient's weight.`, { unit });
  }
  return weightKg;
}
