import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.ts';
import { syntheticPatients } from '../../../simulators/ehr/synthetic-patients.ts';
import { generateOrders } from '../../../simulators/ehr/order-generator.ts';
import { patientSchema } from '../../../simulators/ehr/patient.ts';
import { infusionOrderSchema } from '../../../simulators/ehr/infusion-order.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';

const careAreas = ['icu', 'med-surg', 'oncology'];

describe('synthetic patients and orders', () => {
  it('gives the same patients for the same seed and different ones for another', () => {
    const first = syntheticPatients({ count: 12, seed: 7, careAreas });
    expect(syntheticPatients({ count: 12, seed: 7, careAreas })).toEqual(first);
    expect(syntheticPatients({ count: 12, seed: 8, careAreas })).not.toEqual(first);
  });

  it('makes valid patients with unique MRNs and beds spread over the care areas', () => {
    const patients = syntheticPatients({ count: 30, seed: 1, careAreas });
    for (const patient of patients) expect(patientSchema.safeParse(patient).success).toBe(true);
    expect(new Set(patients.map((p) => p.mrn)).size).toBe(30);
    expect(new Set(patients.map((p) => `${p.location.unit}/${p.location.room}/${p.location.bed}`)).size).toBe(
      30,
    );
    expect(new Set(patients.map((p) => p.careArea))).toEqual(new Set(careAreas));
  });

  it('orders drugs from the patient’s care area, within soft limits, except the off-library ones', () => {
    const patients = syntheticPatients({ count: 12, seed: 3, careAreas });
    const orders = generateOrders(patients, sampleDrugLibrary, {
      random: seededRandom(3),
      dueAt: '2026-01-01T08:00:00Z',
      offLibraryEvery: 4,
    });
    expect(orders).toHaveLength(12);
    orders.forEach((order, index) => {
      expect(infusionOrderSchema.safeParse(order).success).toBe(true);
      const patient = patients[index];
      const area = sampleDrugLibrary.careAreas.find((candidate) => candidate.id === patient?.careArea);
      const drug = area?.drugs.find((candidate) => candidate.id === order.drugId);
      if ((index + 1) % 4 === 0) {
        expect(drug).toBeUndefined();
        return;
      }
      expect(drug).toBeDefined();
      const value = order.dose.kind === 'rate' ? order.dose.mlPerHour : order.dose.value;
      expect(value).toBeLessThanOrEqual(drug?.limits.softMax ?? Infinity);
      expect(value).toBeGreaterThanOrEqual(drug?.limits.softMin ?? 0);
    });
  });
});
