import type Database from 'better-sqlite3';

/** Which patient a pump infuses: set when the pump accepts a [PCD-03] order for them. */
export interface PumpAssociation {
  serial: string;
  /** The order's placer number (ORC-2), which the pump reports as its infusion id. */
  infusionId: string;
  /** PHI: the patient's MRN; never logged. */
  mrn: string;
  /** Lab ms. */
  associatedAt: number;
}

interface AssociationRow {
  serial: string;
  infusion_id: string;
  mrn: string;
  associated_at: number;
}

/**
 * The pump-patient association (IHE PCD TF-1 PIV: the order binds a patient to a pump channel), kept
 * durable so that [PCD-01] and [PCD-04] carry the right PID after a restart. One patient per pump:
 * a newer accepted order replaces the older one.
 */
export class PumpAssociations {
  private readonly bySerial: Database.Statement;
  private readonly byInfusion: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.bySerial = db.prepare('SELECT * FROM hl7_associations WHERE serial = ?');
    this.byInfusion = db.prepare(
      'SELECT * FROM hl7_associations WHERE infusion_id = ? ORDER BY associated_at DESC LIMIT 1',
    );
    this.upsert = db.prepare(
      `INSERT INTO hl7_associations (serial, infusion_id, mrn, associated_at)
       VALUES (@serial, @infusionId, @mrn, @associatedAt)
       ON CONFLICT (serial) DO UPDATE SET infusion_id = excluded.infusion_id, mrn = excluded.mrn,
         associated_at = excluded.associated_at`,
    );
    this.remove = db.prepare('DELETE FROM hl7_associations WHERE serial = ? AND infusion_id = ?');
  }

  /** The patient pump `serial` infuses, if an accepted order said so. */
  of(serial: string): PumpAssociation | undefined {
    const row = this.bySerial.get(serial) as AssociationRow | undefined;
    return row && toAssociation(row);
  }

  /** The association an infusion id belongs to. */
  ofInfusion(infusionId: string): PumpAssociation | undefined {
    const row = this.byInfusion.get(infusionId) as AssociationRow | undefined;
    return row && toAssociation(row);
  }

  /** Binds the pump to the patient of the order it accepted. */
  associate(association: PumpAssociation): void {
    this.upsert.run(association);
  }

  /** Ends the association, if it is still the one of `infusionId`. */
  release(serial: string, infusionId: string): void {
    this.remove.run(serial, infusionId);
  }
}

function toAssociation(row: AssociationRow): PumpAssociation {
  return { serial: row.serial, infusionId: row.infusion_id, mrn: row.mrn, associatedAt: row.associated_at };
}
