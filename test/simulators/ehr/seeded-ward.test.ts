import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import { Ehr } from '../../../simulators/ehr/ehr.ts';
import { seededWard } from '../../../simulators/ehr/seeded-ward.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';
import { labStart } from './ehr-lab.ts';

const ward = (seed: number) =>
  seededWard({
    count: 10,
    seed,
    library: sampleDrugLibrary,
    dueAt: '2026-03-02T09:00:00.000Z',
    offLibraryEvery: 5,
  });

describe('the seeded ward', () => {
  it('is the same for the same seed, across EHR instances, and different for another seed', () => {
    const make = (seed: number) =>
      new Ehr({
        stateDir: '/nonexistent',
        library: sampleDrugLibrary,
        patients: 10,
        seed,
        clock: new ManualClock(labStart),
      });
    const [a, b, c] = [make(42), make(42), make(43)];
    expect(b.patients()).toEqual(a.patients());
    expect(b.orders()).toEqual(a.orders());
    expect(c.patients()).not.toEqual(a.patients());
    expect(a.patients()).toHaveLength(10);
    expect(a.patients().every((patient) => !patient.admitted)).toBe(true);
  });

  it('gives each patient one order, some for drugs the library lacks', () => {
    const orders = ward(3).orders();
    const libraryDrugs = new Set(
      sampleDrugLibrary.careAreas.flatMap((area) => area.drugs.map((drug) => drug.id)),
    );
    expect(new Set(orders.map((order) => order.mrn)).size).toBe(10);
    expect(orders.filter((order) => !libraryDrugs.has(order.drugId))).toHaveLength(2);
  });

  it('moves orders only forward, and repeats a status without complaint', () => {
    const subject = ward(5);
    const orderId = subject.orders()[0]?.orderId ?? '';
    expect(subject.setOrderStatus(orderId, 'in-progress').status).toBe('in-progress');
    expect(subject.setOrderStatus(orderId, 'in-progress').status).toBe('in-progress');
    expect(subject.setOrderStatus(orderId, 'completed').status).toBe('completed');
    const error = (() => {
      try {
        subject.setOrderStatus(orderId, 'in-progress');
      } catch (caught) {
        return caught;
      }
    })();
    expect(isPumplabError(error, 'EHR_ORDER_TRANSITION_INVALID')).toBe(true);
  });

  it('hands out copies: changing one does not change the ward', () => {
    const subject = ward(6);
    const [patient] = subject.patients();
    if (!patient) throw new Error('no patient');
    patient.admitted = true;
    expect(subject.patient(patient.mrn).admitted).toBe(false);
  });

  it('refuses ADT and charts before the EHR is started', async () => {
    const ehr = new Ehr({ stateDir: '/nonexistent', library: sampleDrugLibrary, patients: 1, seed: 1 });
    const mrn = ehr.patients()[0]?.mrn ?? '';
    await expect(ehr.admit(mrn)).rejects.toMatchObject({ code: 'EHR_NOT_STARTED' });
    expect(() => ehr.chart(mrn)).toThrow(expect.objectContaining({ code: 'EHR_NOT_STARTED' }));
  });
});
