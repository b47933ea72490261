import { BoundedMap } from './bounded-map.ts';

/**
 * Recent observations per source, in a sliding window of lab time. Each source keeps at most
 * `perSource` items (the newest), and at most `maxSources` sources are tracked, so memory stays
 * bounded whatever the flood.
 */
export class SourceWindows<T extends { at: number }> {
  private readonly sources: BoundedMap<string, T[]>;

  constructor(
    private readonly windowMs: number,
    private readonly perSource: number,
    maxSources: number,
  ) {
    this.sources = new BoundedMap(maxSources);
  }

  /** Sources tracked now. */
  get size(): number {
    return this.sources.size;
  }

  /**
   * Adds `item` for `source` and returns the source's items inside the window ending at it, oldest
   * first. An older item for which `replaces` holds is dropped (a port scan keeps one per service).
   */
  add(source: string, item: T, replaces?: (older: T) => boolean): readonly T[] {
    const inside = (this.sources.get(source) ?? []).filter(
      (older) => item.at - older.at < this.windowMs && !replaces?.(older),
    );
    inside.push(item);
    if (inside.length > this.perSource) inside.splice(0, inside.length - this.perSource);
    this.sources.set(source, inside);
    this.forgetStalest(item.at);
    return inside;
  }

  /** Drops the least recently seen source if its window has passed: amortised cleanup, one per add. */
  private forgetStalest(now: number): void {
    const [source, items] = this.sources.oldest() ?? [];
    const newest = items?.[items.length - 1];
    if (source !== undefined && newest && now - newest.at >= this.windowMs) this.sources.delete(source);
  }
}
