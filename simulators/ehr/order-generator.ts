import type { Random } from '../../core/random.ts';
import type { DrugEntry, DrugLibrary } from '../contract/drug-library.ts';
import type { InfusionOrder } from './infusion-order.ts';
import type { Patient } from './patient.ts';

/** Drugs real orders sometimes name that no pump library holds, so the refusal path is exercised. */
const offLibraryDrugs = [
  { id: 'vancomycin', name: 'Vancomycin 1 g/250 mL', amount: 4, unit: 'mg' },
  { id: 'amiodarone', name: 'Amiodarone 450 mg/250 mL', amount: 1.8, unit: 'mg' },
] as const;

/** A dose that sits inside the soft limits (orders are usually sensible), in the drug's unit. */
function typicalDose(drug: DrugEntry, random: Random): number {
  const low = drug.limits.softMin ?? drug.limits.hardMax * 0.05;
  const high = drug.limits.softMax ?? drug.limits.hardMax * 0.6;
  return Math.round((low + (high - low) * (0.2 + random.next() * 0.5)) * 10) / 10;
}

/**
 * One infusion order per patient from the drugs of the patient's care area in `library`; every
 * `offLibraryEvery`-th order names a drug the library does not hold. Seeded: the same ward twice.
 */
export function generateOrders(
  patients: readonly Patient[],
  library: DrugLibrary,
  options: { random: Random; dueAt: string; offLibraryEvery?: number; orderPrefix?: string },
): InfusionOrder[] {
  return patients.map((patient, index) => {
    const orderId = `${options.orderPrefix ?? 'ORD'}${String(5000 + index)}`;
    const base = {
      orderId,
      mrn: patient.mrn,
      route: 'IV' as const,
      dueAt: options.dueAt,
      status: 'active' as const,
    };
    const offLibrary = options.offLibraryEvery && (index + 1) % options.offLibraryEvery === 0;
    if (offLibrary) {
      const drug = offLibraryDrugs[index % offLibraryDrugs.length] ?? offLibraryDrugs[0];
      return {
        ...base,
        drugId: drug.id,
        drugName: drug.name,
        dose: { kind: 'rate', mlPerHour: 125 },
        concentration: { amount: drug.amount, unit: drug.unit },
        vtbiMl: 250,
      };
    }
    const area =
      library.careAreas.find((candidate) => candidate.id === patient.careArea) ?? library.careAreas[0];
    const drugs = area?.drugs ?? [];
    const drug = drugs[options.random.int(0, Math.max(0, drugs.length - 1))];
    if (!drug) throw new RangeError(`care area ${patient.careArea} has no drugs`);
    const value = typicalDose(drug, options.random);
    return {
      ...base,
      drugId: drug.id,
      drugName: drug.name,
      dose:
        drug.doseUnit === 'mL/h'
          ? { kind: 'rate', mlPerHour: value }
          : { kind: 'dose-rate', value, unit: drug.doseUnit },
      concentration: { amount: drug.concentration.amount, unit: drug.concentration.unit },
      vtbiMl: drug.doseUnit === 'mL/h' ? 1000 : 250,
    };
  });
}
