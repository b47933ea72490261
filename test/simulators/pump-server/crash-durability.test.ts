import { connect, type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStore, eventStoreFile } from '../../../simulators/pump-server/event-store.ts';
import { pumpTopic } from '../../../simulators/contract/topics.ts';
import { clientOptions, endClient, eventually, labPki, pumpIdentity } from '../../helpers/pump-server-lab.ts';
import { eventMessage, payload } from '../../helpers/pump-messages.ts';
import { spawnPumpServer, stopChild, type ChildServer } from '../../helpers/spawn-pump-server.ts';

const serial = 'PL00001';
const total = 400;
const { dir, authority } = labPki();
const identity = pumpIdentity(authority, serial);
const rootPem = authority.rootPem();
authority.close();

const servers: ChildServer[] = [];
let client: MqttClient | undefined;

afterAll(async () => {
  if (client) await endClient(client);
  for (const { child } of servers) await stopChild(child, 'SIGKILL');
});

/** The seqs the store holds for the pump, read the way a restarted server would (WAL recovery). */
function storedSeqs(): number[] {
  const store = EventStore.open(eventStoreFile(dir));
  try {
    const seqs: number[] = [];
    let after: number | undefined;
    do {
      const page = store.events.messages({ serial, limit: 1000, ...(after === undefined ? {} : { after }) });
      seqs.push(...page.items.map((item) => item.seq));
      after = page.next;
    } while (after !== undefined);
    return seqs;
  } finally {
    store.close();
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event store across kill -9 of the pump server', () => {
  it('keeps every acknowledged event, and after the pump resends holds each event exactly once', async () => {
    const first = await spawnPumpServer(dir);
    servers.push(first);
    client = connect(
      clientOptions(first.port, rootPem, identity, { clientId: serial, clean: false, reconnectPeriod: 100 }),
    );
    client.on('error', () => undefined);
    await new Promise((resolve) => client?.once('connect', resolve));

    const acked = new Set<number>();
    const publishing = (async () => {
      for (let seq = 0; seq < total; seq += 1) {
        client?.publish(
          pumpTopic(serial, 'events'),
          payload(eventMessage(serial, seq)),
          { qos: 1 },
          (error) => {
            if (!error) acked.add(seq);
          },
        );
        // A steady stream, so the crash lands in the middle of it.
        if (seq % 4 === 3) await pause(5);
      }
    })();

    await eventually(() => acked.size >= total / 4, 20_000);
    await stopChild(first.child, 'SIGKILL');
    const ackedAtCrash = [...acked];
    expect(ackedAtCrash.length).toBeLessThan(total);
    const afterCrash = new Set(storedSeqs());
    expect(ackedAtCrash.filter((seq) => !afterCrash.has(seq))).toEqual([]);

    const second = await spawnPumpServer(dir, first.port);
    servers.push(second);
    await publishing;
    await eventually(() => acked.size === total, 30_000);
    await endClient(client);
    await stopChild(second.child, 'SIGTERM');

    const seqs = storedSeqs();
    expect(seqs).toHaveLength(total);
    expect(new Set(seqs).size).toBe(total);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, seq) => seq));
  });
});
