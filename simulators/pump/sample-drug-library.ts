import { drugLibrarySchema, type DrugEntry, type DrugLibrary } from '../contract/drug-library.ts';

/*
 * The lab's default drug library. Concentrations are the common standard ones (ASHP Standardize 4 Safety
 * adult continuous infusion concentrations); limits are plausible teaching values, not clinical
 * guidance. Each care area gets its own limits, as a dose error reduction system keeps them.
 */

const heparin = (softMax: number, hardMax: number): DrugEntry => ({
  id: 'heparin',
  name: 'Heparin 25,000 units / 250 mL',
  concentration: { amount: 100, unit: 'units', perMl: 1 },
  doseUnit: 'units/h',
  limits: { softMin: 200, softMax, hardMax },
});

const insulin = (softMax: number, hardMax: number): DrugEntry => ({
  id: 'insulin-regular',
  name: 'Insulin regular 100 units / 100 mL',
  concentration: { amount: 1, unit: 'units', perMl: 1 },
  doseUnit: 'units/h',
  limits: { softMin: 0.5, softMax, hardMax },
});

const morphine = (softMax: number, hardMax: number): DrugEntry => ({
  id: 'morphine',
  name: 'Morphine 1 mg/mL',
  concentration: { amount: 1, unit: 'mg', perMl: 1 },
  doseUnit: 'mg/h',
  limits: { softMin: 0.5, softMax, hardMax },
});

const normalSaline = (softMax: number, hardMax: number): DrugEntry => ({
  id: 'normal-saline',
  name: 'Sodium chloride 0.9%',
  concentration: { amount: 9, unit: 'mg', perMl: 1 },
  doseUnit: 'mL/h',
  limits: { softMin: 5, softMax, hardMax },
});

const norepinephrine: DrugEntry = {
  id: 'norepinephrine',
  name: 'Norepinephrine 4 mg / 250 mL',
  concentration: { amount: 16, unit: 'mcg', perMl: 1 },
  doseUnit: 'mcg/min',
  limits: { softMin: 2, softMax: 30, hardMax: 60 },
};

const propofol: DrugEntry = {
  id: 'propofol',
  name: 'Propofol 10 mg/mL',
  concentration: { amount: 10, unit: 'mg', perMl: 1 },
  doseUnit: 'mcg/kg/min',
  limits: { softMin: 5, softMax: 50, hardMax: 80 },
};

/** The default library: icu, med-surg and oncology care areas. Validated against the contract schema. */
export const sampleDrugLibrary: DrugLibrary = drugLibrarySchema.parse({
  format: 'pumplab.drug-library/1',
  version: '1.0.0',
  issuedAt: '2025-01-06T08:00:00.000Z',
  careAreas: [
    {
      id: 'icu',
      name: 'Intensive care unit',
      maxRateMlPerHour: 999,
      drugs: [
        heparin(2000, 3000),
        insulin(15, 25),
        norepinephrine,
        propofol,
        morphine(10, 15),
        normalSaline(500, 999),
      ],
    },
    {
      id: 'med-surg',
      name: 'Medical-surgical ward',
      maxRateMlPerHour: 500,
      drugs: [heparin(1800, 2500), insulin(10, 20), morphine(5, 10), normalSaline(250, 500)],
    },
    {
      id: 'oncology',
      name: 'Oncology',
      maxRateMlPerHour: 500,
      drugs: [heparin(1800, 2500), morphine(10, 20), normalSaline(250, 500)],
    },
  ],
});

/** The sample library as the bytes a server signs and sends (UTF-8 JSON). */
export function sampleDrugLibraryBytes(library: DrugLibrary = sampleDrugLibrary): Buffer {
  return Buffer.from(`${JSON.stringify(library, null, 2)}\n`, 'utf8');
}
