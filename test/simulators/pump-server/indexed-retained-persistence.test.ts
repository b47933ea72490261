import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { indexedRetainedPersistence } from '../../../simulators/pump-server/broker/indexed-retained-persistence.ts';

interface Store {
  broker: object;
  once(event: 'ready', listener: () => void): void;
  storeRetained(packet: object, callback: (error?: Error | null) => void): void;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const packet = (topic: string, payload: string): object => ({
  cmd: 'publish',
  topic,
  payload: Buffer.from(payload),
  qos: 1,
  retain: true,
  brokerId: 'b',
  brokerCounter: 1,
});

async function retained(store: Store, patterns: string[]): Promise<string[]> {
  const topics: string[] = [];
  for await (const item of store.createRetainedStreamCombi(patterns))
    topics.push((item as { topic: string }).topic);
  return topics.sort();
}

async function storeWith(...packets: object[]): Promise<Store> {
  const store = indexedRetainedPersistence() as Store;
  // aedes starts its persistence by handing it the broker; the store says when it is ready.
  const ready = new Promise<void>((resolve) => store.once('ready', resolve));
  store.broker = { id: 'b' };
  await ready;
  for (const item of packets)
    await new Promise<void>((resolve, reject) =>
      store.storeRetained(item, (e) => (e ? reject(e) : resolve())),
    );
  return store;
}

describe('retained messages indexed by topic', () => {
  it('finds the retained message of an exact topic', async () => {
    const store = await storeWith(
      packet('pumplab/v1/pumps/A/status', '{}'),
      packet('pumplab/v1/pumps/B/status', '{}'),
    );
    expect(await retained(store, ['pumplab/v1/pumps/A/status'])).toEqual(['pumplab/v1/pumps/A/status']);
    expect(await retained(store, ['pumplab/v1/pumps/C/status'])).toEqual([]);
  });

  it('still answers wildcard filters by matching every retained topic', async () => {
    const store = await storeWith(
      packet('pumplab/v1/pumps/A/status', '{}'),
      packet('pumplab/v1/pumps/B/presence', '{}'),
    );
    expect(await retained(store, ['pumplab/v1/pumps/+/status'])).toEqual(['pumplab/v1/pumps/A/status']);
    expect(await retained(store, ['pumplab/v1/#'])).toHaveLength(2);
  });

  it('forgets a retained message cleared by an empty payload (MQTT 3.1.1 3.3.1.3)', async () => {
    const store = await storeWith(
      packet('pumplab/v1/pumps/A/status', '{}'),
      packet('pumplab/v1/pumps/A/status', ''),
    );
    expect(await retained(store, ['pumplab/v1/pumps/A/status'])).toEqual([]);
    expect(await retained(store, ['pumplab/v1/pumps/+/status'])).toEqual([]);
  });
});
