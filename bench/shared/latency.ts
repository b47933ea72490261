/**
 * Publish-to-stored latency: the pump's `sentAt` against the server's `receivedAt`, stamped just
 * before the message is written, both in milliseconds on this machine's wall clock (the fleet runs
 * its lab clock at speed 1). Read from the store file after the window, so the figures are what
 * the server really kept, not what a client was told.
 */
import Database from 'better-sqlite3';

export interface LatencySummary {
  /** Messages in the window. */
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The `q` quantile (0..1) of sorted numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The median of numbers, the mean of the middle two for an even count; NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Summarises latencies in milliseconds. */
export function summarise(latencies: number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    p50: quantile(values, 0.5),
    p99: quantile(values, 0.99),
    max: values[values.length - 1] ?? Number.NaN,
  };
}

/** Latencies of every stored message the pumps sent in `[from, to)` (epoch ms). */
export function storedLatency(storeFile: string, from: number, to: number): LatencySummary {
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT received_at - sent_at AS latency FROM messages WHERE sent_at >= ? AND sent_at < ?')
      .pluck()
      .all(from, to) as number[];
    return summarise(rows);
  } finally {
    db.close();
  }
}

/** How many messages the pumps sent in `[from, to)` are in the store now. */
export function storedCount(storeFile: string, from: number, to: number): number {
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT count(*) FROM messages WHERE sent_at >= ? AND sent_at < ?')
      .pluck()
      .get(from, to) as number;
  } finally {
    db.close();
  }
}
