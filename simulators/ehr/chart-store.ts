import type Database from 'better-sqlite3';
import { PumplabError } from '../../core/errors.ts';
import { openChartDatabase, type ChartDurability } from './chart-database.ts';
import {
  chartAlarmSchema,
  chartObservationSchema,
  infusionKeyOf,
  summarizeInfusions,
  type Chart,
  type ChartAlarm,
  type ChartObservation,
} from './chart.ts';

/** A chart entry with its kind. */
export type ChartEntry =
  { kind: 'observation'; entry: ChartObservation } | { kind: 'alarm'; entry: ChartAlarm };

/** One entry to file under a patient, with its sender (MSH-3/4), which with MSH-10 makes it unique. */
export type ChartFiling = ChartEntry & { mrn: string; sender: string };

/** Whether a filing was new, or a message the chart already held (a resend). */
export type FilingOutcome = 'stored' | 'duplicate';

/** Defaults of a chart read. */
export const chartReadDefaults = {
  /** The most recent observations and alarms returned, each (the infusion summary covers all). */
  limit: 1000,
};

interface EntryRow {
  entry: string;
}

/**
 * The EHR's chart in SQLite (`<stateDir>/ehr/chart.sqlite`): every PCD-01 observation and PCD-04
 * alarm, filed per patient. A filing is committed when `file` returns, which the HL7 listener
 * waits for before it acknowledges: an acknowledged observation is never lost.
 *
 * @example const chart = ChartStore.open(file); chart.file({ kind: 'alarm', mrn, sender, entry });
 */
export class ChartStore {
  private readonly insert: Database.Statement;
  private readonly recent: Database.Statement;
  private readonly latestPerInfusion: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO chart_entries
         (kind, mrn, sender, control_id, at_ms, received_ms, infusion_key, volume_ml, entry)
       VALUES (@kind, @mrn, @sender, @controlId, @atMs, @receivedMs, @infusionKey, @volumeMl, @entry)`,
    );
    this.recent = db.prepare(
      `SELECT entry FROM (
         SELECT id, at_ms, entry FROM chart_entries WHERE mrn = ? AND kind = ?
         ORDER BY at_ms DESC, id DESC LIMIT ?
       ) ORDER BY at_ms, id`,
    );
    this.latestPerInfusion = db.prepare(
      `SELECT entry FROM (
         SELECT entry, at_ms, id, ROW_NUMBER() OVER (
           PARTITION BY infusion_key ORDER BY at_ms DESC, id DESC) AS rank
         FROM chart_entries WHERE mrn = ? AND kind = 'observation' AND volume_ml IS NOT NULL
       ) WHERE rank = 1 ORDER BY at_ms, id`,
    );
  }

  /** Opens the chart at `file`. @throws PumplabError STORE_OPEN_FAILED */
  static open(file: string, durability: ChartDurability = 'normal'): ChartStore {
    return new ChartStore(openChartDatabase(file, durability));
  }

  /**
   * Files one entry and commits it.
   *
   * @throws PumplabError EHR_CHART_WRITE_FAILED (the message must then not be acknowledged)
   */
  file(filing: ChartFiling): FilingOutcome {
    const observation = filing.kind === 'observation' ? filing.entry : undefined;
    try {
      const result = this.insert.run({
        kind: filing.kind,
        mrn: filing.mrn,
        sender: filing.sender,
        controlId: filing.entry.controlId,
        atMs: Date.parse(filing.entry.at),
        receivedMs: Date.parse(filing.entry.receivedAt),
        infusionKey: observation ? infusionKeyOf(observation) : null,
        volumeMl: observation?.volumeDeliveredMl ?? null,
        entry: JSON.stringify(filing.entry),
      });
      return result.changes === 1 ? 'stored' : 'duplicate';
    } catch (error) {
      throw new PumplabError(
        'EHR_CHART_WRITE_FAILED',
        'The chart entry could not be written.',
        { kind: filing.kind, controlId: filing.entry.controlId },
        { cause: error },
      );
    }
  }

  /** One patient's chart: the most recent `limit` observations and alarms, and every infusion's latest volume. */
  chart(mrn: string, limit = chartReadDefaults.limit): Chart {
    const rows = (kind: string) => (this.recent.all(mrn, kind, limit) as EntryRow[]).map(readEntry);
    const latest = (this.latestPerInfusion.all(mrn) as EntryRow[]).map(readEntry);
    return {
      mrn,
      observations: rows('observation').map((entry) => chartObservationSchema.parse(entry)),
      alarms: rows('alarm').map((entry) => chartAlarmSchema.parse(entry)),
      infusions: summarizeInfusions(latest.map((entry) => chartObservationSchema.parse(entry))),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function readEntry(row: EntryRow): unknown {
  return JSON.parse(row.entry) as unknown;
}
