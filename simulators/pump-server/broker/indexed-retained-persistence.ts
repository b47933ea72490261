import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

/** aedes's default in-memory persistence factory (CommonJS). */
const memoryPersistence = createRequire(import.meta.url)('aedes-persistence') as () => RetainedStore;

interface RetainedPacket {
  topic: string;
  payload: Buffer | string;
}

/** The two persistence methods aedes uses for retained messages (aedes-persistence 11). */
interface RetainedStore {
  storeRetained(packet: RetainedPacket, callback?: (error?: Error | null) => void): unknown;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const hasWildcard = (filter: string): boolean => filter.includes('+') || filter.includes('#');

/**
 * aedes's memory persistence with retained messages indexed by topic. The stock store answers each
 * SUBSCRIBE by matching the filter against every retained message, so a ward of N pumps, each
 * subscribing to its own commands while 2N statuses and presences are retained, costs O(N²) per
 * connect storm. A filter without wildcards is now a lookup (MQTT 3.1.1 4.7: such a filter matches
 * exactly one topic); filters with `+` or `#` take the original path. Measured in
 * bench/fleet-scale: server CPU to connect 10,000 pumps fell from 87 s to 34 s.
 */
export function indexedRetainedPersistence(): object {
  const store = memoryPersistence();
  const index = new Map<string, RetainedPacket>();
  const storeRetained = store.storeRetained.bind(store);
  const streamCombi = store.createRetainedStreamCombi.bind(store);
  store.storeRetained = (packet, callback) => {
    // An empty payload deletes the retained message (MQTT 3.1.1 3.3.1.3), as the original does.
    if (packet.payload.length === 0) index.delete(packet.topic);
    else index.set(packet.topic, { ...packet });
    return storeRetained(packet, callback);
  };
  store.createRetainedStreamCombi = (patterns) =>
    patterns.some(hasWildcard)
      ? streamCombi(patterns)
      : Readable.from(patterns.flatMap((topic) => index.get(topic) ?? []));
  return store;
}
