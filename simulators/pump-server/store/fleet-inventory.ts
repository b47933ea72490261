import type Database from 'better-sqlite3';
import type { AlarmCode, DeliveryState } from '../../contract/pump-messages.ts';

/** One pump as the server knows it: what its last status said and whether it is connected now. */
export interface PumpRecord {
  serial: string;
  /** Null until the pump's first status arrives. */
  model: string | null;
  firmware: string | null;
  libraryVersion: string | null;
  careArea: string | null;
  state: DeliveryState | null;
  alarms: AlarmCode[];
  batteryPercent: number | null;
  /** ISO time on the lab clock the server last heard from the pump. */
  lastSeen: string | null;
  online: boolean;
}

/** Filters and paging for {@link FleetInventory.list}. */
export interface InventoryQuery {
  online?: boolean;
  careArea?: string;
  /** Serials sort as text; the page starts after this one. */
  after?: string;
  /** 1 to 1000; default 100. */
  limit?: number;
}

/** The fleet inventory (SP 1800-8 Vol B 3.4, asset management): every pump the server has heard of. */
export interface FleetInventory {
  list(query?: InventoryQuery): { items: PumpRecord[]; next: string | undefined };
  get(serial: string): PumpRecord | undefined;
  /** How many pumps are known, and how many are connected now. */
  counts(): { known: number; online: number };
}

interface PumpRow {
  serial: string;
  model: string | null;
  firmware: string | null;
  library_version: string | null;
  care_area: string | null;
  state: DeliveryState | null;
  alarms: string;
  battery_percent: number | null;
  last_seen: number | null;
  online: number;
}

/** Clamps a page size to 1..1000 (default 100): a REST caller cannot ask for the whole table. */
export const pageLimit = (limit: number | undefined): number =>
  Math.min(1000, Math.max(1, Math.floor(limit ?? 100)));

/** Reads the inventory from the store's `pumps` table. */
export function fleetInventory(db: Database.Database): FleetInventory {
  const byId = db.prepare('SELECT * FROM pumps WHERE serial = ?');
  const counts = db.prepare('SELECT count(*) AS known, coalesce(sum(online), 0) AS online FROM pumps');
  return {
    list(query = {}) {
      const where: string[] = ['serial > @after'];
      if (query.online !== undefined) where.push('online = @online');
      if (query.careArea !== undefined) where.push('care_area = @careArea');
      const limit = pageLimit(query.limit);
      const rows = db
        .prepare(`SELECT * FROM pumps WHERE ${where.join(' AND ')} ORDER BY serial LIMIT @take`)
        .all({
          after: query.after ?? '',
          online: query.online ? 1 : 0,
          careArea: query.careArea ?? null,
          take: limit + 1,
        }) as PumpRow[];
      const items = rows.slice(0, limit).map(toRecord);
      return { items, next: rows.length > limit ? items.at(-1)?.serial : undefined };
    },
    get(serial) {
      const row = byId.get(serial) as PumpRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    counts() {
      return counts.get() as { known: number; online: number };
    },
  };
}

function toRecord(row: PumpRow): PumpRecord {
  return {
    serial: row.serial,
    model: row.model,
    firmware: row.firmware,
    libraryVersion: row.library_version,
    careArea: row.care_area,
    state: row.state,
    alarms: JSON.parse(row.alarms) as AlarmCode[],
    batteryPercent: row.battery_percent,
    lastSeen: row.last_seen === null ? null : new Date(row.last_seen).toISOString(),
    online: row.online === 1,
  };
}
