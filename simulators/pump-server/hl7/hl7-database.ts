import Database from 'better-sqlite3';
import { PumplabError } from '../../../core/errors.ts';

/**
 * The HL7 side's tables, in the event store's own SQLite file (a second connection: WAL lets both
 * write in turn). Patients (PHI: the file is owner-only, store-database.ts), which pump infuses which
 * patient, and the outbox of messages owed to the EHR and to order senders, with a bounded record of
 * those delivered (hl7-outbox.ts). Times are lab epoch ms.
 */
const createStatements = `
  CREATE TABLE IF NOT EXISTS hl7_patients (
    mrn TEXT PRIMARY KEY,
    family TEXT,
    given TEXT,
    birth_date TEXT,
    sex TEXT,
    unit TEXT,
    room TEXT,
    bed TEXT,
    weight_kg REAL,
    visit TEXT,
    admitted INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS hl7_associations (
    serial TEXT PRIMARY KEY,
    infusion_id TEXT NOT NULL,
    mrn TEXT NOT NULL,
    associated_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS hl7_associations_by_infusion ON hl7_associations (infusion_id);
  CREATE TABLE IF NOT EXISTS hl7_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    destination TEXT NOT NULL,
    kind TEXT NOT NULL,
    serial TEXT,
    control_id TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    ack_code TEXT,
    problem TEXT,
    settled_at INTEGER
  );
  -- The head of a queue (pending), and a destination's delivered rows, oldest first, to read or prune.
  CREATE INDEX IF NOT EXISTS hl7_outbox_pending ON hl7_outbox (destination, status, id);
`;

/**
 * Opens the HL7 tables in the event store file `file` (created by the event store beforehand).
 *
 * @throws PumplabError STORE_OPEN_FAILED
 * @example const db = openHl7Database(server.store.file);
 */
export function openHl7Database(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 10_000, fileMustExist: true });
    db.pragma('journal_mode = WAL');
    // As the event store: a commit survives a crash of the process (store-database.ts).
    db.pragma('synchronous = NORMAL');
    db.exec(createStatements);
    return db;
  } catch (error) {
    db?.close();
    throw new PumplabError(
      'STORE_OPEN_FAILED',
      `The HL7 tables in ${file} could not be opened.`,
      { file },
      {
        cause: error,
      },
    );
  }
}
