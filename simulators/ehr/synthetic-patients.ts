import { Faker, en } from '@faker-js/faker';
import type { Patient } from './patient.ts';

/** Allergies a medication order must be checked against (a nurse's "right drug" question). */
const commonAllergies = ['penicillin', 'sulfa', 'latex', 'morphine', 'heparin', 'iodine contrast'] as const;

/** Care areas and the units that hold them (unit codes appear in PV1-3). */
const units: Record<string, string> = { icu: 'ICU', 'med-surg': '4W', oncology: 'ONC' };

export interface PatientOptions {
  count: number;
  seed: number;
  /** Care areas to spread patients over, in order. */
  careAreas: readonly string[];
}

/**
 * Synthetic patients from @faker-js/faker with a fixed seed: the same seed always gives the same
 * people in the same beds, so a lab run replays and a report can be compared with the last one.
 */
export function syntheticPatients(options: PatientOptions): Patient[] {
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed);
  // Birth dates are drawn relative to a fixed day, not today, so they do not drift between runs.
  const reference = new Date('2026-01-01T00:00:00Z');
  return Array.from({ length: options.count }, (_, index) => {
    const careArea = options.careAreas[index % options.careAreas.length] ?? 'med-surg';
    const sex = faker.helpers.arrayElement(['F', 'M'] as const);
    const birth = faker.date.birthdate({ mode: 'age', min: 18, max: 95, refDate: reference });
    return {
      mrn: `MRN${String(100_000 + index * 7 + faker.number.int({ min: 0, max: 6 })).padStart(6, '0')}`,
      family: faker.person.lastName(),
      given: faker.person.firstName(sex === 'F' ? 'female' : 'male'),
      birthDate: birth.toISOString().slice(0, 10),
      sex,
      weightKg: faker.number.float({ min: 45, max: 130, fractionDigits: 1 }),
      allergies: faker.helpers.arrayElements(commonAllergies, { min: 0, max: 2 }),
      careArea,
      location: {
        unit: units[careArea] ?? careArea.toUpperCase(),
        room: String(100 + Math.floor(index / 2) + 1),
        bed: index % 2 === 0 ? 'A' : 'B',
      },
      admitted: false,
    };
  });
}
