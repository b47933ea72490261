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

/** How much of its history the outbox keeps. */
export interface Hl7OutboxOptions {
  /** Delivered messages kept per destination, newest first (rows); older ones are pruned. */
  deliveredKept?: number;
}

/** Defaults of the outbox; units in the comments. */
export const hl7OutboxDefaults = {
  /**
   * Delivered messages kept per destination (rows, about 130 bytes each once the text is dropped:
   * some 6.5 MB per destination). Six pumps reporting [PCD-01] every lab minute fill it in about
   * 139 lab hours; SQLite reuses the pages of pruned rows, so the file stops growing there.
   */
  deliveredKept: 50_000,
};

/**
 * The durable outbox of the HL7 side: a message is written here before any attempt to send it, and
 * leaves the pending state only when its receiver answered. One queue per destination, in insertion
 * order, so a receiver sees observations in the order they were made. Refused messages stay as
 * evidence. Delivered ones stay as a record of what the receiver was sent (their MSH-10 control ids,
 * read with `deliveredControlIds`), without their text: the receiver holds it now, and it carries
 * patient identifiers the server no longer needs. Only the newest `deliveredKept` per destination are
 * kept, pruned in the transaction that settles each delivery. Written by one outbox per file (the
 * server's), whose count of kept rows is its own.
 */
export class Hl7Outbox {
  private readonly insert: Database.Statement;
  private readonly head: Database.Statement;
  private readonly attempted: Database.Statement;
  private readonly refuse: Database.Statement;
  private readonly countPending: Database.Statement;
  private readonly countRefused: Database.Statement;
  private readonly refusedRows: Database.Statement;
  private readonly deliveredIds: Database.Statement;
  private readonly settleDelivered: (id: number, at: number) => boolean;
  private readonly deliveredKept: number;
  private delivered = 0;

  constructor(db: Database.Database, options: Hl7OutboxOptions = {}) {
    this.deliveredKept = options.deliveredKept ?? hl7OutboxDefaults.deliveredKept;
    if (!Number.isInteger(this.deliveredKept) || this.deliveredKept < 0) {
      throw new RangeError('deliveredKept must be a whole number of rows, 0 or more');
    }
    this.insert = db.prepare(
      `INSERT INTO hl7_outbox (destination, kind, serial, control_id, message, created_at)
       VALUES (@destination, @kind, @serial, @controlId, @message, @createdAt)`,
    );
    this.head = db.prepare(
      `SELECT id, destination, kind, serial, control_id, message, attempts FROM hl7_outbox
       WHERE destination = ? AND status = 'pending' ORDER BY id LIMIT 1`,
    );
    this.attempted = db.prepare('UPDATE hl7_outbox SET attempts = attempts + 1, problem = ? WHERE id = ?');
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
    this.deliveredIds = db
      .prepare("SELECT control_id FROM hl7_outbox WHERE destination = ? AND status = 'delivered' ORDER BY id")
      .pluck();
    this.settleDelivered = deliveredSettler(db, this.deliveredKept);
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

  /**
   * The receiver acknowledged (AA or CA) at lab time `at`: the message is theirs now. Its row stays,
   * without the text, and the oldest delivered rows beyond the cap go, in one transaction.
   */
  markDelivered(id: number, at: number): void {
    if (this.settleDelivered(id, at)) this.delivered += 1;
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

  /**
   * The MSH-10 control ids of the messages `destination` acknowledged, oldest first: the newest
   * `deliveredKept` of them. Pending messages are not in it, even one on the wire whose
   * acknowledgement is not read yet; refused ones neither.
   *
   * @example outbox.deliveredControlIds('ehr') // ['Pm5x2k1s0a3f91', 'Pm5x2k1s0a3f92']
   */
  deliveredControlIds(destination: string): string[] {
    return this.deliveredIds.all(destination) as string[];
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

/**
 * Settles a delivery and prunes its destination's oldest delivered rows beyond `kept`, atomically: a
 * crash before the commit leaves the message pending, to be resent with the same MSH-10. The count of
 * kept rows per destination is read once, then followed, so pruning costs an index step, not a scan.
 * Returns whether a pending message was settled.
 */
function deliveredSettler(db: Database.Database, kept: number): (id: number, at: number) => boolean {
  const deliver = db.prepare(
    `UPDATE hl7_outbox SET status = 'delivered', attempts = attempts + 1, message = '', settled_at = @at
       WHERE id = @id AND status = 'pending' RETURNING destination`,
  );
  const countKept = db
    .prepare("SELECT count(*) FROM hl7_outbox WHERE destination = ? AND status = 'delivered'")
    .pluck();
  const dropOldest = db.prepare(
    `DELETE FROM hl7_outbox WHERE id IN (SELECT id FROM hl7_outbox
       WHERE destination = @destination AND status = 'delivered' ORDER BY id LIMIT @excess)`,
  );
  const keptRows = new Map<string, number>();
  const settle = db.transaction((id: number, at: number) => {
    const row = deliver.get({ id, at }) as { destination: string } | undefined;
    if (!row) return undefined;
    const { destination } = row;
    const before = keptRows.get(destination);
    let rows = before === undefined ? (countKept.get(destination) as number) : before + 1;
    if (rows > kept) rows -= dropOldest.run({ destination, excess: rows - kept }).changes;
    return { destination, rows };
  });
  return (id, at) => {
    const settled = settle(id, at);
    // Followed once committed: a transaction that threw changed nothing.
    if (settled) keptRows.set(settled.destination, settled.rows);
    return settled !== undefined;
  };
}
