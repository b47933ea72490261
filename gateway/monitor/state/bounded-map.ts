/**
 * A Map that holds at most `capacity` keys, forgetting the least recently set: per-source state
 * under a flood of spoofed or scanning sources stays bounded.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets `key` as the most recent; evicts the least recent when over capacity. */
  set(key: K, value: V): void {
    // Delete first: a Map keeps insertion order, so re-inserting moves the key to the newest end.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The least recently set entry. */
  oldest(): [K, V] | undefined {
    return this.entries.entries().next().value;
  }
}
