import type { ImpactFinding } from '../outcome.ts';
import type { PatientView } from '../lab-under-test.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

const wordChar = /[A-Za-z0-9]/;

/**
 * Whether `needle` occurs in `text` as a whole token: MRN 1234 is not disclosed by MRN 12345, nor a
 * patient "Ann Lee" by "Joann Leek".
 */
export function mentions(text: string, needle: string): boolean {
  if (needle.length === 0) return false;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1];
    const after = text[at + needle.length];
    if (!(before && wordChar.test(before)) && !(after && wordChar.test(after))) return true;
  }
  return false;
}

/** A patient counts as disclosed when their MRN, or their full name in any case, is in the data. */
const disclosed = (patient: PatientView, text: string, lowered: string): boolean =>
  mentions(text, patient.mrn) || mentions(lowered, patient.name.toLowerCase());

/**
 * data-disclosed: the distinct EHR patients whose MRN or full name appears in what the attacker
 * read (telemetry, console output, files off a device). Counts records; never names them.
 *
 * @example dataDisclosed(record).clinical // "41 patient records disclosed (of 48 the EHR holds)."
 */
export function dataDisclosed(record: RunRecord): ImpactFinding {
  const text = record.loot.data.join('\n');
  const lowered = text.toLowerCase();
  const patients = record.before.patients;
  const records = patients.filter((patient) => disclosed(patient, text, lowered)).length;
  return {
    kind: 'data-disclosed',
    observed: records > 0,
    clinical:
      records > 0
        ? `${count(records, 'patient record')} disclosed (of ${patients.length} the EHR holds).`
        : 'No patient record was found in what the attacker obtained.',
    figures: { records, patients: patients.length },
  };
}
