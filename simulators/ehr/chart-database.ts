import type Database from 'better-sqlite3';
import { openSqliteFile, type Durability } from '../storage/sqlite-file.ts';

/**
 * How hard SQLite works to keep a commit (https://www.sqlite.org/pragma.html#pragma_synchronous).
 * In WAL mode `normal` keeps every commit across a crash of the process (the WAL write is done
 * before the commit returns); `full` also fsyncs the WAL on each commit and survives power loss.
 */
export type ChartDurability = Durability;

export const chartSchemaVersion = 1;

/**
 * One table for both kinds of entry. A message is unique by its sender (MSH-3/4) and control id
 * (MSH-10, HL7 2.14.9.10): a report resent after a lost ACK charts nothing twice. Times are
 * integers (epoch ms on the lab clock) so they sort; rowid order is arrival order.
 */
const createStatements = `
  CREATE TABLE IF NOT EXISTS chart_entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('observation', 'alarm')),
    mrn TEXT NOT NULL,
    sender TEXT NOT NULL,
    control_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    received_ms INTEGER NOT NULL,
    infusion_key TEXT,
    volume_ml REAL,
    entry TEXT NOT NULL,
    UNIQUE (sender, control_id)
  );
  CREATE INDEX IF NOT EXISTS chart_by_patient ON chart_entries (mrn, kind, at_ms);
`;

/**
 * Opens (creating if needed) the chart database at `file`. The file is created owner-only before
 * SQLite opens it: the chart is patient data at rest (SP 1800-8 Vol B 4.4).
 *
 * @throws PumplabError STORE_OPEN_FAILED
 * @example const db = openChartDatabase(path.join(stateDir, 'ehr', 'chart.sqlite'), 'normal');
 */
export function openChartDatabase(file: string, durability: ChartDurability): Database.Database {
  return openSqliteFile(file, {
    what: 'The chart',
    durability,
    schemaVersion: chartSchemaVersion,
    schema: createStatements,
  });
}
