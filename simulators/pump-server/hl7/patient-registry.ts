import type Database from 'better-sqlite3';
import type { AdtUpdate } from '../../hl7/pcd/adt.ts';
import type { PatientIdentity, PatientLocation } from '../../hl7/pcd/patient-segments.ts';

/** A patient as the pump server knows them from ADT: PHI, kept in the owner-only store, never logged. */
export interface RegisteredPatient {
  identity: PatientIdentity;
  location: PatientLocation | undefined;
  weightKg: number | undefined;
  visit: string | undefined;
  admitted: boolean;
  /** Lab ms of the last ADT applied. */
  updatedAt: number;
}

/** What applying one ADT message did; `unknown` when A02/A03 names a patient never admitted here. */
export type AdtResult = { applied: true; patient: RegisteredPatient } | { applied: false; reason: 'unknown' };

interface PatientRow {
  mrn: string;
  family: string | null;
  given: string | null;
  birth_date: string | null;
  sex: string | null;
  unit: string | null;
  room: string | null;
  bed: string | null;
  weight_kg: number | null;
  visit: string | null;
  admitted: number;
  updated_at: number;
}

/**
 * Who is where, from the EHR's ADT feed (HL7 v2.6 3.3): A01 admits (or re-admits), A02 moves, A03
 * discharges (the location is cleared, so no pump matches a discharged patient's care area), A08
 * updates the demographics, weight and location and creates a patient not yet admitted if unknown.
 * A field an ADT message leaves empty keeps its previous value.
 */
export class PatientRegistry {
  private readonly byMrn: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    this.byMrn = db.prepare('SELECT * FROM hl7_patients WHERE mrn = ?');
    this.upsert = db.prepare(
      `INSERT INTO hl7_patients (mrn, family, given, birth_date, sex, unit, room, bed, weight_kg, visit, admitted,
         updated_at)
       VALUES (@mrn, @family, @given, @birth_date, @sex, @unit, @room, @bed, @weight_kg, @visit, @admitted,
         @updated_at)
       ON CONFLICT (mrn) DO UPDATE SET family = excluded.family, given = excluded.given,
         birth_date = excluded.birth_date, sex = excluded.sex, unit = excluded.unit, room = excluded.room,
         bed = excluded.bed, weight_kg = excluded.weight_kg, visit = excluded.visit, admitted = excluded.admitted,
         updated_at = excluded.updated_at`,
    );
  }

  /** The patient with this MRN (PID-3.1), or undefined when no ADT named them. */
  get(mrn: string): RegisteredPatient | undefined {
    const row = this.byMrn.get(mrn) as PatientRow | undefined;
    return row ? toPatient(row) : undefined;
  }

  /** Applies one ADT message at lab time `at`. */
  apply(update: AdtUpdate, at: number): AdtResult {
    const before = this.get(update.patient.mrn);
    if (!before && (update.event === 'A02' || update.event === 'A03'))
      return { applied: false, reason: 'unknown' };
    const admitted = update.event === 'A01' || update.event === 'A02' || (before?.admitted ?? false);
    const patient: RegisteredPatient = {
      identity: { ...before?.identity, ...update.patient },
      location: update.event === 'A03' ? undefined : (update.location ?? before?.location),
      weightKg: update.weightKg ?? before?.weightKg,
      visit: update.visit ?? before?.visit,
      admitted: update.event === 'A03' ? false : admitted,
      updatedAt: at,
    };
    const { identity, location } = patient;
    this.upsert.run({
      mrn: identity.mrn,
      family: identity.name?.family ?? null,
      given: identity.name?.given ?? null,
      birth_date: identity.birthDate ?? null,
      sex: identity.sex ?? null,
      unit: location?.unit ?? null,
      room: location?.room ?? null,
      bed: location?.bed ?? null,
      weight_kg: patient.weightKg ?? null,
      visit: patient.visit ?? null,
      admitted: patient.admitted ? 1 : 0,
      updated_at: at,
    });
    return { applied: true, patient };
  }
}

function toPatient(row: PatientRow): RegisteredPatient {
  const name =
    row.family === null && row.given === null
      ? undefined
      : { family: row.family ?? '', ...(row.given === null ? {} : { given: row.given }) };
  const identity: PatientIdentity = {
    mrn: row.mrn,
    ...(name ? { name } : {}),
    ...(row.birth_date === null ? {} : { birthDate: row.birth_date }),
    ...(row.sex === null ? {} : { sex: row.sex as NonNullable<PatientIdentity['sex']> }),
  };
  const location: PatientLocation | undefined =
    row.unit === null
      ? undefined
      : {
          unit: row.unit,
          ...(row.room === null ? {} : { room: row.room }),
          ...(row.bed === null ? {} : { bed: row.bed }),
        };
  return {
    identity,
    location,
    weightKg: row.weight_kg ?? undefined,
    visit: row.visit ?? undefined,
    admitted: row.admitted === 1,
    updatedAt: row.updated_at,
  };
}
