import { PumplabError } from '../../core/errors.ts';
import type { DoseUnit, DrugEntry, DrugLibrary } from '../contract/drug-library.ts';
import type { ProgramOrder } from '../contract/server-commands.ts';
import { fromMlPerHour, toMlPerHour } from './dose-calculator.ts';

/** Float noise allowed when comparing a dose with a limit (a dose exactly at the limit is within it). */
const tolerance = 1e-9;
/** How far a rate and a dose rate given together may disagree before the order is refused. */
const agreement = 0.005;

/** A soft limit the clinician confirmed past; recorded as a `limit-override` event. */
export interface LimitOverride {
  limit: 'softMin' | 'softMax';
  value: number;
  bound: number;
  unit: DoseUnit;
}

/** An order the library allows, resolved to the rate the pump will run. */
export interface GuardedProgram {
  drug: DrugEntry;
  rateMlPerHour: number;
  /** The dose the rate delivers, in the drug's own dose unit. */
  dose: { value: number; unit: DoseUnit };
  overrides: LimitOverride[];
}

/**
 * Checks an order against the installed library for the pump's care area: the drug must be listed
 * there, the dose within hard limits (never overridable, PUMP_HARD_LIMIT), within soft limits unless
 * confirmed (PUMP_SOFT_LIMIT), and the rate within the care area's maximum. This is the "dose error
 * reduction software" SP 1800-8 expects every pump to run.
 */
export function guardProgram(
  order: ProgramOrder,
  library: DrugLibrary | null,
  careAreaId: string,
): GuardedProgram {
  if (!library) throw new PumplabError('PUMP_NO_LIBRARY', 'No drug library is installed.');
  const careArea = library.careAreas.find((area) => area.id === careAreaId);
  if (!careArea) {
    throw new PumplabError('PUMP_CARE_AREA_UNKNOWN', `The library has no care area ${careAreaId}.`, {
      careArea: careAreaId,
      libraryVersion: library.version,
    });
  }
  const drug = careArea.drugs.find((entry) => entry.id === order.drugId);
  if (!drug) {
    throw new PumplabError(
      'PUMP_DRUG_NOT_IN_LIBRARY',
      `${order.drugId} is not in the ${careAreaId} library.`,
      {
        drugId: order.drugId,
        careArea: careAreaId,
      },
    );
  }
  const rateMlPerHour = resolveRate(order, drug);
  const dose = {
    value: fromMlPerHour(rateMlPerHour, drug.doseUnit, drug.concentration, order.weightKg),
    unit: drug.doseUnit,
  };
  checkHardLimits(drug, dose.value);
  if (rateMlPerHour > careArea.maxRateMlPerHour * (1 + tolerance)) {
    throw hardLimit('careAreaMaxRate', rateMlPerHour, careArea.maxRateMlPerHour, 'mL/h', drug.id);
  }
  const overrides = softLimitBreaches(drug, dose.value);
  const first = overrides[0];
  if (first && !order.confirmSoftLimit) {
    throw new PumplabError('PUMP_SOFT_LIMIT', `The dose passes the ${first.limit} limit of ${drug.id}.`, {
      drugId: drug.id,
      ...first,
    });
  }
  return { drug, rateMlPerHour, dose, overrides };
}

/** The rate in mL/h an order asks for: its rate, its dose rate converted, or both if they agree. */
function resolveRate(order: ProgramOrder, drug: DrugEntry): number {
  const fromDose = order.doseRate && toMlPerHour(order.doseRate, drug.concentration, order.weightKg);
  if (fromDose === undefined && order.rate === undefined) {
    throw new PumplabError('PUMP_PROGRAM_INVALID', 'The order gives neither a rate nor a dose rate.');
  }
  if (fromDose !== undefined && order.rate !== undefined) {
    if (Math.abs(fromDose - order.rate) > agreement * Math.max(fromDose, order.rate)) {
      throw new PumplabError('PUMP_PROGRAM_INVALID', 'The rate and the dose rate disagree.', {
        rate: order.rate,
        rateFromDose: fromDose,
      });
    }
  }
  const rate = fromDose ?? order.rate;
  if (rate === undefined || !Number.isFinite(rate) || rate <= 0) {
    throw new PumplabError('PUMP_PROGRAM_INVALID', 'The rate must be a positive number of mL/h.');
  }
  return rate;
}

function checkHardLimits(drug: DrugEntry, dose: number): void {
  const { hardMin, hardMax } = drug.limits;
  if (dose > hardMax * (1 + tolerance)) throw hardLimit('hardMax', dose, hardMax, drug.doseUnit, drug.id);
  if (hardMin !== undefined && dose < hardMin * (1 - tolerance)) {
    throw hardLimit('hardMin', dose, hardMin, drug.doseUnit, drug.id);
  }
}

function softLimitBreaches(drug: DrugEntry, dose: number): LimitOverride[] {
  const { softMin, softMax } = drug.limits;
  const unit = drug.doseUnit;
  if (softMax !== undefined && dose > softMax * (1 + tolerance)) {
    return [{ limit: 'softMax', value: dose, bound: softMax, unit }];
  }
  if (softMin !== undefined && dose < softMin * (1 - tolerance)) {
    return [{ limit: 'softMin', value: dose, bound: softMin, unit }];
  }
  return [];
}

function hardLimit(limit: string, value: number, bound: number, unit: string, drugId: string): PumplabError {
  return new PumplabError('PUMP_HARD_LIMIT', `The order passes the ${limit} limit of ${drugId}.`, {
    drugId,
    limit,
    value,
    bound,
    unit,
  });
}
