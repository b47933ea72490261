import type { Infusion } from '../contract/pump-messages.ts';
import { fromMlPerHour } from './dose-calculator.ts';
import type { InfusionView, ProgrammedInfusion } from './delivery-types.ts';
import type { HistoryEntry } from './store-codec.ts';

/** Volumes and doses are reported to 0.1 µL: finer than any pump resolves, coarse enough to read. */
const decimals = 1e4;

/** Rounds to the reporting resolution. */
export function round(value: number): number {
  return Math.round(value * decimals) / decimals;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The dose the programmed rate delivers, in the drug's dose unit; undefined for mL/h drugs. */
export function doseOf(program: ProgrammedInfusion): { value: number; unit: string } | undefined {
  const { drug } = program;
  if (drug.doseUnit === 'mL/h') return undefined;
  try {
    const value = fromMlPerHour(program.rate, drug.doseUnit, drug.concentration, program.weightKg);
    return { value: round(value), unit: drug.doseUnit };
  } catch {
    return undefined;
  }
}

/** The contract's infusion object (pump-messages.ts infusionSchema) for the current infusion. */
export function infusionPayload(view: InfusionView): Infusion {
  const { program } = view;
  const { drug } = program;
  const payload: Infusion = {
    infusionId: program.infusionId,
    drugId: drug.id,
    drugName: drug.name,
    concentration: { amount: drug.concentration.amount, unit: `${drug.concentration.unit}/mL` },
    rate: round(program.rate),
    vtbi: program.vtbi,
    volumeInfused: round(view.volumeInfused),
  };
  if (program.patientId !== undefined) payload.patientId = program.patientId;
  const dose = doseOf(program);
  if (dose) payload.doseRate = dose;
  if (view.startedAt !== undefined) payload.startedAt = iso(view.startedAt);
  return payload;
}

/** The history record the local store keeps for an infusion (with its patient identifier). */
export function historyEntry(view: InfusionView, now: number): HistoryEntry {
  const { program } = view;
  const entry: HistoryEntry = {
    infusionId: program.infusionId,
    drugId: program.drug.id,
    drugName: program.drug.name,
    rateMlPerHour: round(program.rate),
    vtbi: program.vtbi,
    volumeInfused: round(view.volumeInfused),
    kvoVolume: round(view.kvoVolume),
    startedAt: iso(view.startedAt ?? now),
  };
  if (program.patientId !== undefined) entry.patientId = program.patientId;
  if (view.endedAt !== undefined) entry.endedAt = iso(view.endedAt);
  return entry;
}
