import type Database from 'better-sqlite3';
import type { EnvelopedMessage } from '../contract-message.ts';
import { pageLimit } from './fleet-inventory.ts';

/** One stored pump message. */
export interface StoredMessage {
  /** Arrival order; pass the last one of a page as `after` to get the next page. */
  id: number;
  serial: string;
  boot: string;
  seq: number;
  channel: EnvelopedMessage['channel'];
  /** The event type for events, `status` or `command-result` otherwise. */
  type: string;
  /** ISO, lab clock of the pump. */
  sentAt: string;
  /** ISO, lab clock of the server. */
  receivedAt: string;
  /** The payload exactly as validated against the contract. */
  payload: EnvelopedMessage['body'];
}

/** Filters and paging for {@link EventQueries.messages}; times are ISO strings or epoch ms (sentAt). */
export interface MessageQuery {
  serial?: string;
  /** One boot of a pump: what it sent since it last started. */
  boot?: string;
  channel?: EnvelopedMessage['channel'];
  type?: string;
  from?: string | number;
  to?: string | number;
  after?: number;
  /** 1 to 1000; default 100. */
  limit?: number;
}

/** An infusion as last reported by its pump. */
export interface InfusionRecord {
  infusionId: string;
  serial: string;
  /** PHI: shown by the lab on purpose, where a trainer looks at what an attacker could read. */
  patientId: string | null;
  drugId: string;
  drugName: string;
  /** mL/h. */
  rate: number;
  /** mL. */
  vtbi: number;
  /** mL. */
  volumeInfused: number;
  state: string;
  startedAt: string | null;
  updatedAt: string;
}

/** The read side of the event store for the REST layer. */
export interface EventQueries {
  messages(query?: MessageQuery): { items: StoredMessage[]; next: number | undefined };
  count(query?: Omit<MessageQuery, 'after' | 'limit'>): number;
  infusion(infusionId: string): InfusionRecord | undefined;
  infusionsOf(serial: string): InfusionRecord[];
}

interface MessageRow {
  id: number;
  serial: string;
  boot: string;
  seq: number;
  channel: StoredMessage['channel'];
  type: string;
  sent_at: number;
  received_at: number;
  payload: string;
}

interface InfusionRow {
  infusion_id: string;
  serial: string;
  patient_id: string | null;
  drug_id: string;
  drug_name: string;
  rate: number;
  vtbi: number;
  volume_infused: number;
  state: string;
  started_at: string | null;
  updated_at: number;
}

const toMs = (time: string | number): number => (typeof time === 'number' ? time : Date.parse(time));

/** The WHERE clause and parameters of a message query; every value is bound, never spliced. */
function filters(query: MessageQuery): { where: string; params: Record<string, string | number> } {
  const where: string[] = ['rowid > @after'];
  const params: Record<string, string | number> = { after: query.after ?? 0 };
  for (const column of ['serial', 'boot', 'channel', 'type'] as const) {
    const value = query[column];
    if (value !== undefined) {
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
  }
  if (query.from !== undefined) {
    where.push('sent_at >= @from');
    params['from'] = toMs(query.from);
  }
  if (query.to !== undefined) {
    where.push('sent_at < @to');
    params['to'] = toMs(query.to);
  }
  return { where: where.join(' AND '), params };
}

/** Reads messages and infusions from the store. */
export function eventQueries(db: Database.Database): EventQueries {
  const infusionById = db.prepare('SELECT * FROM infusions WHERE infusion_id = ?');
  const infusionsOfPump = db.prepare('SELECT * FROM infusions WHERE serial = ? ORDER BY updated_at');
  return {
    messages(query = {}) {
      const { where, params } = filters(query);
      const limit = pageLimit(query.limit);
      const rows = db
        .prepare(`SELECT rowid AS id, * FROM messages WHERE ${where} ORDER BY rowid LIMIT @take`)
        .all({ ...params, take: limit + 1 }) as MessageRow[];
      const items = rows.slice(0, limit).map(toMessage);
      return { items, next: rows.length > limit ? items.at(-1)?.id : undefined };
    },
    count(query = {}) {
      const { where, params } = filters(query);
      return (db.prepare(`SELECT count(*) AS n FROM messages WHERE ${where}`).get(params) as { n: number }).n;
    },
    infusion(infusionId) {
      const row = infusionById.get(infusionId) as InfusionRow | undefined;
      return row ? toInfusion(row) : undefined;
    },
    infusionsOf(serial) {
      return (infusionsOfPump.all(serial) as InfusionRow[]).map(toInfusion);
    },
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    serial: row.serial,
    boot: row.boot,
    seq: row.seq,
    channel: row.channel,
    type: row.type,
    sentAt: new Date(row.sent_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    payload: JSON.parse(row.payload) as StoredMessage['payload'],
  };
}

function toInfusion(row: InfusionRow): InfusionRecord {
  return {
    infusionId: row.infusion_id,
    serial: row.serial,
    patientId: row.patient_id,
    drugId: row.drug_id,
    drugName: row.drug_name,
    rate: row.rate,
    vtbi: row.vtbi,
    volumeInfused: row.volume_infused,
    state: row.state,
    startedAt: row.started_at,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
