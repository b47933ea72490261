import { EventEmitter, on } from 'node:events';

/** Which entries a query returns, after its filter: newest first, at most `limit`. */
export interface RingWindow {
  /** Only entries at or after this lab time. */
  since?: number | undefined;
  limit: number;
}

/**
 * A log of the most recent `capacity` entries, queryable and streamed live: the shape both the
 * gateway's decision log and the monitor's alert log take. A ring, so a flood overwrites the oldest
 * entries instead of growing memory.
 *
 * @example const log = new RingLog<{ at: number }>(3); log.record({ at: 1 }); log.query(() => true, { limit: 10 })
 */
export class RingLog<T extends { at: number }> {
  private readonly ring: (T | undefined)[];
  private next = 0;
  private count = 0;
  private readonly events = new EventEmitter();

  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.ring = new Array<T | undefined>(capacity);
    // The dashboard, monitor and tests may all listen: no leak warning for a handful.
    this.events.setMaxListeners(100);
  }

  /** Appends an entry, overwriting the oldest when full, and streams it to subscribers. */
  record(entry: T): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.events.emit('entry', entry);
  }

  /** Entries for which `matches` holds, inside `window`, newest first. */
  query(matches: (entry: T) => boolean, window: RingWindow): T[] {
    const found: T[] = [];
    for (let i = 1; i <= this.count && found.length < window.limit; i += 1) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity];
      // Not `break`: entries from several clocks' callers may arrive slightly out of order.
      if (!entry || (window.since !== undefined && entry.at < window.since)) continue;
      if (matches(entry)) found.push(entry);
    }
    return found;
  }

  /** Calls `listener` on every new entry; returns the function that stops it. */
  subscribe(listener: (entry: T) => void): () => void {
    this.events.on('entry', listener);
    return () => this.events.off('entry', listener);
  }

  /**
   * New entries as an async iterator, until `signal` aborts.
   *
   * @example for await (const entry of log.stream(controller.signal)) send(entry)
   */
  async *stream(signal?: AbortSignal): AsyncGenerator<T> {
    try {
      for await (const [entry] of on(this.events, 'entry', signal ? { signal } : {})) yield entry as T;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    }
  }
}
