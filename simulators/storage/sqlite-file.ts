import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PumplabError } from '../../core/errors.ts';

/** `normal` survives a crash of the process; `full` also a power loss, at one fsync per commit. */
export type Durability = 'normal' | 'full';

export interface SqliteFileSpec {
  /** What the file is, for the error message: "the event store", "the chart". */
  what: string;
  durability: Durability;
  schemaVersion: number;
  /** Idempotent DDL (CREATE ... IF NOT EXISTS). */
  schema: string;
}

/**
 * Opens (creating if needed) a lab database file: owner-only (0600, in a 0700 folder) before SQLite
 * opens it, because these files hold patient identifiers (SP 1800-8 Vol B, data at rest); WAL so a
 * committed write survives a crash of the process; a schema version it refuses to mistake.
 *
 * @throws PumplabError STORE_OPEN_FAILED
 */
export function openSqliteFile(file: string, spec: SqliteFileSpec): Database.Database {
  let db: Database.Database | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    db = new Database(file, { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${spec.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    const version = db.pragma('user_version', { simple: true });
    if (version !== 0 && version !== spec.schemaVersion) {
      throw new Error(`schema version ${String(version)} is not ${spec.schemaVersion}`);
    }
    db.exec(spec.schema);
    db.pragma(`user_version = ${spec.schemaVersion}`);
    return db;
  } catch (error) {
    db?.close();
    throw new PumplabError(
      'STORE_OPEN_FAILED',
      `${spec.what} ${file} could not be opened.`,
      { file },
      { cause: error },
    );
  }
}
