import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import { EventStore } from '../../../simulators/pump-server/event-store.ts';
import type { EnvelopedMessage } from '../../../simulators/pump-server/contract-message.ts';
import type { EventMessage, EventType } from '../../../simulators/contract/pump-messages.ts';
import { eventMessage, infusion, statusMessage } from '../../helpers/pump-messages.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const dir = tempDir('pumplab-event-store-');
const clock = new ManualClock(Date.parse('2025-03-01T09:00:00.000Z'));
let opened: EventStore[] = [];
let counter = 0;

afterEach(() => {
  for (const store of opened) store.close();
  opened = [];
});

function openStore(file = path.join(dir, `store-${(counter += 1)}`, 'events.sqlite')): EventStore {
  const store = EventStore.open(file, { clock });
  opened.push(store);
  return store;
}

const status = (seq: number, overrides = {}): EnvelopedMessage => ({
  channel: 'status',
  serial: 'PL00001',
  body: statusMessage('PL00001', seq, overrides),
});
const event = (
  seq: number,
  type: EventType = 'infusion-started',
  overrides: Partial<EventMessage> = {},
): EnvelopedMessage => ({
  channel: 'events',
  serial: 'PL00001',
  body: eventMessage('PL00001', seq, type, overrides),
});

describe('the event store', () => {
  it('stores an envelope once and says whether it was new', () => {
    const store = openStore();
    expect(store.record(event(1))).toEqual({ isNew: true });
    expect(store.record(event(1))).toEqual({ isNew: false });
    const nextBoot = eventMessage('PL00001', 1, 'infusion-started', { boot: '11112222' });
    expect(store.record({ channel: 'events', serial: 'PL00001', body: nextBoot })).toEqual({ isNew: true });
    expect(store.events.count({ serial: 'PL00001' })).toBe(2);
  });

  it('keeps what it stored across a reopen, in an owner-only file', () => {
    const file = path.join(dir, 'reopen', 'events.sqlite');
    const first = openStore(file);
    first.record(status(1));
    first.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(openStore(file).events.messages().items).toMatchObject([
      { seq: 1, type: 'status', receivedAt: '2025-03-01T09:00:00.000Z' },
    ]);
  });

  it('keeps the inventory at the latest status, whatever order the reports arrive in', () => {
    const store = openStore();
    store.record(status(5, { firmware: '2.2.0', state: 'infusing', alarms: ['battery-low'] }));
    store.record(status(3, { firmware: '2.1.0', state: 'standby' }));
    expect(store.inventory.get('PL00001')).toMatchObject({
      firmware: '2.2.0',
      state: 'infusing',
      alarms: ['battery-low'],
      online: false,
      lastSeen: '2025-03-01T09:00:00.000Z',
    });
  });

  it('tracks online pumps and starts everyone offline after a restart', () => {
    const store = openStore();
    store.setOnline('PL00001', true);
    store.setOnline('PL00002', true);
    expect(store.inventory.counts()).toEqual({ known: 2, online: 2 });
    expect(store.inventory.list({ online: true }).items.map((pump) => pump.serial)).toEqual([
      'PL00001',
      'PL00002',
    ]);
    store.markAllOffline();
    expect(store.inventory.counts()).toEqual({ known: 2, online: 0 });
  });

  it('keeps each infusion current from status and events, newest report winning', () => {
    const store = openStore();
    store.record(event(1, 'infusion-started', { infusion: infusion(0) }));
    store.record(status(3, { state: 'infusing', infusion: infusion(1.5) }));
    store.record(event(2, 'infusion-paused', { infusion: infusion(0.8), state: 'paused' }));
    expect(store.events.infusion('INF-1')).toMatchObject({
      state: 'infusing',
      volumeInfused: 1.5,
      patientId: 'MRN-1001',
    });
    store.record(event(4, 'infusion-completed', { infusion: infusion(250), state: 'complete' }));
    store.record(status(5, { state: 'standby', infusion: infusion(250) }));
    expect(store.events.infusion('INF-1')).toMatchObject({ state: 'complete', volumeInfused: 250 });
    expect(store.events.infusionsOf('PL00001')).toHaveLength(1);
  });

  it('pages events by pump, type and time', () => {
    const store = openStore();
    for (let seq = 0; seq < 25; seq += 1)
      store.record(event(seq, seq % 5 === 0 ? 'alarm-raised' : 'infusion-started'));
    const first = store.events.messages({ type: 'infusion-started', limit: 10 });
    expect(first.items).toHaveLength(10);
    const second = store.events.messages({ type: 'infusion-started', limit: 10, after: first.next ?? 0 });
    expect(second.items[0]?.id).toBeGreaterThan(first.items.at(-1)?.id ?? 0);
    expect(second).toMatchObject({ next: undefined });
    expect(second.items).toHaveLength(10);
    expect(store.events.count({ type: 'alarm-raised' })).toBe(5);
    const window = store.events.messages({
      from: '2025-03-01T08:00:10.000Z',
      to: '2025-03-01T08:00:15.000Z',
    });
    expect(window.items.map((item) => item.seq)).toEqual([10, 11, 12, 13, 14]);
  });

  it('refuses to open a file that is not a database with STORE_OPEN_FAILED', () => {
    const file = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(file, 'not a database at all, just text that is long enough to be read');
    let caught: unknown;
    try {
      EventStore.open(file);
    } catch (error) {
      caught = error;
    }
    expect(isPumplabError(caught, 'STORE_OPEN_FAILED')).toBe(true);
  });
});
