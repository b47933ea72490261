import type Database from 'better-sqlite3';
import { openSqliteFile, type Durability } from '../../storage/sqlite-file.ts';

/**
 * How hard SQLite works to keep a commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
 * In WAL mode `normal` makes a commit durable across a crash of the process (kill -9): the WAL
 * write is done before the commit returns, and only a power loss can roll back the last commits.
 * `full` also fsyncs the WAL on every commit, surviving power loss at the cost of one fsync per
 * message.
 */
export type StoreDurability = Durability;

export const storeSchemaVersion = 1;

/**
 * Times are integers (ms since the epoch on the lab clock): ISO strings with and without fractions
 * do not sort as text. A message is unique by its envelope (serial, boot, seq): MQTT 3.1.1 4.3.2
 * redeliveries and resends after reconnect insert nothing. Rowid order is arrival order, the cursor
 * of the event queries.
 */
const createStatements = `
  CREATE TABLE IF NOT EXISTS messages (
    serial TEXT NOT NULL,
    boot TEXT NOT NULL,
    seq INTEGER NOT NULL,
    channel TEXT NOT NULL,
    type TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (serial, boot, seq)
  );
  CREATE INDEX IF NOT EXISTS messages_by_pump ON messages (serial);
  CREATE INDEX IF NOT EXISTS messages_by_type ON messages (type);
  CREATE INDEX IF NOT EXISTS messages_by_time ON messages (sent_at);
  CREATE TABLE IF NOT EXISTS infusions (
    infusion_id TEXT PRIMARY KEY,
    serial TEXT NOT NULL,
    patient_id TEXT,
    drug_id TEXT NOT NULL,
    drug_name TEXT NOT NULL,
    rate REAL NOT NULL,
    vtbi REAL NOT NULL,
    volume_infused REAL NOT NULL,
    state TEXT NOT NULL,
    started_at TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS infusions_by_pump ON infusions (serial, updated_at);
  CREATE TABLE IF NOT EXISTS pumps (
    serial TEXT PRIMARY KEY,
    model TEXT,
    firmware TEXT,
    library_version TEXT,
    care_area TEXT,
    state TEXT,
    alarms TEXT NOT NULL DEFAULT '[]',
    battery_percent REAL,
    status_at INTEGER,
    state_at INTEGER,
    last_seen INTEGER,
    online INTEGER NOT NULL DEFAULT 0
  );
`;

/**
 * Opens (creating if needed) the event store database at `file`. The file is created owner-only
 * before SQLite opens it, because it holds patient identifiers (SP 1800-8 Vol B 4.4, data at rest);
 * SQLite gives its -wal and -shm files the same mode.
 *
 * @throws PumplabError STORE_OPEN_FAILED
 */
export function openStoreDatabase(file: string, durability: StoreDurability): Database.Database {
  return openSqliteFile(file, {
    what: 'The event store',
    durability,
    schemaVersion: storeSchemaVersion,
    schema: createStatements,
  });
}
