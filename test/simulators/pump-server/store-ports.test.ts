import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { eventSchema } from '../../../simulators/contract/pump-messages.ts';
import { EventStore } from '../../../simulators/pump-server/event-store.ts';
import { storePorts } from '../../../simulators/pump-server/store-ports.ts';
import {
  pumpRecordSchema,
  type EventReader,
  type InventoryReader,
} from '../../../simulators/pump-server/ports.ts';
import { eventMessage, infusion, sentAt, statusMessage } from '../../helpers/pump-messages.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const clock = new ManualClock(Date.parse('2025-03-01T09:00:00.000Z'));
let store: EventStore;
let inventory: InventoryReader;
let events: EventReader;

/** A small ward fed with real contract messages: three pumps, one infusing, and five events of PL00001. */
beforeAll(() => {
  store = EventStore.open(path.join(tempDir('pumplab-store-ports-'), 'events.sqlite'), { clock });
  const status = (serial: string, overrides = {}) =>
    store.record({ channel: 'status', serial, body: statusMessage(serial, 1, overrides) });
  status('PL00003', { careArea: 'oncology', firmware: '2.4.0' });
  status('PL00001', { state: 'infusing', infusion: infusion(3) });
  status('PL00002', { careArea: 'icu', firmware: '2.4.0' });
  store.setOnline('PL00001', true);
  store.setOnline('PL00002', true);
  for (let seq = 2; seq <= 6; seq += 1) {
    const type = seq === 6 ? 'infusion-paused' : 'infusion-started';
    store.record({ channel: 'events', serial: 'PL00001', body: eventMessage('PL00001', seq, type) });
  }
  store.record({
    channel: 'events',
    serial: 'PL00002',
    body: eventMessage('PL00002', 2, 'alarm-raised', { state: 'standby', infusion: null }),
  });
  ({ inventory, events } = storePorts(store));
});

afterAll(() => store.close());

describe('the inventory port over the event store', () => {
  it('lists every pump by serial, in the shape the REST API publishes', async () => {
    const pumps = await inventory.listPumps();
    expect(pumps.map((pump) => pump.serial)).toEqual(['PL00001', 'PL00002', 'PL00003']);
    for (const pump of pumps) expect(pumpRecordSchema.strict().parse(pump)).toEqual(pump);
  });

  it('filters by care area and presence in the store, and by state and firmware itself', async () => {
    const serials = async (filter: Parameters<InventoryReader['listPumps']>[0]) =>
      (await inventory.listPumps(filter)).map((pump) => pump.serial);
    expect(await serials({ careArea: 'icu' })).toEqual(['PL00001', 'PL00002']);
    expect(await serials({ online: false })).toEqual(['PL00003']);
    expect(await serials({ state: 'infusing' })).toEqual(['PL00001']);
    expect(await serials({ firmware: '2.4.0' })).toEqual(['PL00002', 'PL00003']);
    expect(await serials({ firmware: '2.4.0', online: true, careArea: 'icu' })).toEqual(['PL00002']);
  });

  it('reads one pump, or undefined for a serial it never heard of', async () => {
    expect(await inventory.getPump('PL00001')).toMatchObject({ state: 'infusing', online: true });
    expect(await inventory.getPump('PL99999')).toBeUndefined();
  });
});

describe('the event port over the event store', () => {
  it('pages events oldest first with string cursors, and ends with a null cursor', async () => {
    const first = await events.listEvents({ serial: 'PL00001', limit: 2 });
    expect(first.items.map((event) => event.seq)).toEqual([2, 3]);
    expect(typeof first.nextCursor).toBe('string');
    const seqs = first.items.map((event) => event.seq);
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await events.listEvents({ serial: 'PL00001', limit: 2, cursor });
      seqs.push(...page.items.map((event) => event.seq));
      cursor = page.nextCursor;
    }
    expect(seqs).toEqual([2, 3, 4, 5, 6]);
  });

  it('returns stored events as contract events with an id and the time they were received', async () => {
    const { items } = await events.listEvents({ limit: 100 });
    expect(items).toHaveLength(6);
    for (const item of items) {
      const { id, receivedAt, ...event } = item;
      expect(eventSchema.parse(event)).toEqual(event);
      expect(id).toMatch(/^\d+$/);
      expect(receivedAt).toBe('2025-03-01T09:00:00.000Z');
    }
  });

  it('filters by type and by a sentAt window, since inclusive and until exclusive', async () => {
    const paused = await events.listEvents({ type: 'infusion-paused', limit: 10 });
    expect(paused.items.map((event) => [event.serial, event.seq])).toEqual([['PL00001', 6]]);
    const window = await events.listEvents({
      serial: 'PL00001',
      since: sentAt(3),
      until: sentAt(5),
      limit: 10,
    });
    expect(window.items.map((event) => event.seq)).toEqual([3, 4]);
  });

  it('leaves status messages out of the event listing', async () => {
    const { items } = await events.listEvents({ serial: 'PL00003', limit: 10 });
    expect(items).toEqual([]);
  });

  it.each(['abc', '0', '-1', '1.5', ''])('refuses the cursor %j with INPUT_INVALID', async (cursor) => {
    await expect(events.listEvents({ limit: 10, cursor })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('reads an infusion as last reported, and undefined for an unknown one', async () => {
    expect(await events.getInfusion('INF-1')).toMatchObject({
      serial: 'PL00001',
      drugId: 'heparin',
      state: 'paused',
    });
    expect(await events.getInfusion('INF-404')).toBeUndefined();
  });
});
