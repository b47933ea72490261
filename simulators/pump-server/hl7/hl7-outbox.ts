import type Database from 'better-sqlite3';

/** What an outgoing message is, for the records and the counts. */
export type OutboxKind = 'pcd01' | 'pcd04' | 'rrg-o16';

/** One message owed to a destination. */
export interface OutboxEntry {
  id: number;
  destination: string;
  kind: OutboxKind;
  serial: string | null;
  controlId: string;
  /** The HL7 text, exactly as it will be (re)sent: a resend carries the same MSH-10. */
  message: string;
  attempts: number;
}

/** Where the outbox stands, by status, for one destination or all. */
export interface OutboxCounts {
  pending: number;
  delivered: number;
  refused: number;
}

/** A message the receiver refused (AE/AR/CE/CR), kept as evidence. */
export interface RefusedEntry {
  id: number;
  destination: string;
  kind: OutboxKind;
  controlId: string;
  ackCode: string;
  problem: string | null;
}

/**
 * The durable outbox of the HL7 side: a message is written here before any attempt to send it, and
 * leaves the pending state only when its receiver answered. Delivered messages are deleted (the
 * receiver holds them now) and counted; refused ones stay as a record. One queue per destination,
 * in insertion order, so a receiver sees observations in the order they were made.
 */
export class Hl7Outbox {
  private readonly insert: Database.Statement;
  private readonly head: Database.Statement;
  private readonly attempted: Database.Statement;
  private readonly deleteRow: Database.Statement;
  private readonly refuse: Database.Statement;
  private readonly countPending: Database.Statement;
  private readonly countRefused: Database.Statement;
  private readonly refusedRows: Database.Statement;
  private delivered = 0;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO hl7_outbox (destination, kind, serial, control_id, message, created_at)
       VALUES (@destination, @kind, @serial, @controlId, @message, @createdAt)`,
    );
    this.head = db.prepare(
      `SELECT id, destination, kind, serial, control_id, message, attempts FROM hl7_outbox
       WHERE destination = ? AND status = 'pending' ORDER BY id LIMIT 1`,
    );
    this.attempted = db.prepare('UPDATE hl7_outbox SET attempts = attempts + 1, problem = ? WHERE id = ?');
    this.deleteRow = db.prepare('DELETE FROM hl7_outbox WHERE id = ?');
    this.refuse = db.prepare(
      `UPDATE hl7_outbox SET status = 'refused', attempts = attempts + 1, ack_code = @ackCode,
         problem = @problem, settled_at = @at WHERE id = @id`,
    );
    this.countPending = db.prepare("SELECT count(*) AS n FROM hl7_outbox WHERE status = 'pending'");
    this.countRefused = db.prepare("SELECT count(*) AS n FROM hl7_outbox WHERE status = 'refused'");
    this.refusedRows = db.prepare(
      `SELECT id, destination, kind, control_id, ack_code, problem FROM hl7_outbox
       WHERE status = 'refused' ORDER BY id DESC LIMIT ?`,
    );
  }

  /** Queues `message` for `destination`; durable when this returns. */
  add(
    entry: Pick<OutboxEntry, 'destination' | 'kind' | 'serial' | 'controlId' | 'message'>,
    at: number,
  ): void {
    this.insert.run({ ...entry, createdAt: at });
  }

  /** The oldest pending message for `destination`. */
  next(destination: string): OutboxEntry | undefined {
    const row = this.head.get(destination) as
      (Omit<OutboxEntry, 'controlId'> & { control_id: string }) | undefined;
    if (!row) return undefined;
    const { control_id: controlId, ...rest } = row;
    return { ...rest, controlId };
  }

  /** The receiver acknowledged (AA or CA): the message is theirs now. */
  markDelivered(id: number): void {
    this.deleteRow.run(id);
    this.delivered += 1;
  }

  /** The receiver refused it (AE, AR, CE, CR): recorded, never resent. */
  markRefused(id: number, ackCode: string, problem: string, at: number): void {
    this.refuse.run({ id, ackCode, problem: problem.slice(0, 500), at });
  }

  /** A transport failure: the message stays pending, to be resent. */
  markAttempt(id: number, problem: string): void {
    this.attempted.run(problem.slice(0, 500), id);
  }

  /** Pending and refused now; delivered since this outbox was opened. */
  counts(): OutboxCounts {
    const pending = (this.countPending.get() as { n: number }).n;
    const refused = (this.countRefused.get() as { n: number }).n;
    return { pending, delivered: this.delivered, refused };
  }

  /** The latest refusals, newest first (at most `limit`). */
  refused(limit = 100): RefusedEntry[] {
    const rows = this.refusedRows.all(limit) as {
      id: number;
      destination: string;
      kind: OutboxKind;
      control_id: string;
      ack_code: string;
      problem: string | null;
    }[];
    return rows.map((row) => ({
      id: row.id,
      destination: row.destination,
      kind: row.kind,
      controlId: row.control_id,
      ackCode: row.ack_code,
      problem: row.problem,
    }));
  }
}
