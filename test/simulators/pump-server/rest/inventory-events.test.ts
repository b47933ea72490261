import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFixture } from './fixtures.ts';
import { startRestLab, type RestLab } from './rest-harness.ts';

let lab: RestLab;

beforeAll(async () => {
  lab = await startRestLab();
  lab.inventory.add('PUMP-0001', { careArea: 'icu', state: 'infusing' });
  lab.inventory.add('PUMP-0002', { careArea: 'icu', online: false });
  lab.inventory.add('PUMP-0003', { careArea: 'med-surg', firmware: '2.0.0' });
  for (let seq = 1; seq <= 5; seq += 1) lab.events.events.push(eventFixture('PUMP-0001', seq));
  lab.events.events.push(eventFixture('PUMP-0003', 1, 'alarm-raised'));
  lab.events.infusions.set('inf-1', {
    infusionId: 'inf-1',
    patientId: 'MRN-0042',
    drugId: 'heparin',
    drugName: 'Heparin',
    rate: 10,
    vtbi: 250,
    volumeInfused: 12.5,
    serial: 'PUMP-0001',
    state: 'infusing',
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T01:15:00.000Z',
  });
});

afterAll(async () => lab.close());

type Items = { items: { serial: string }[] };
const serials = (body: Items): string[] => body.items.map((item) => item.serial);

describe('GET /api/v1/pumps', () => {
  it('lists every pump by serial', async () => {
    const reply = await lab.request('GET', '/api/v1/pumps');
    expect(reply.status).toBe(200);
    expect(serials(reply.json<Items>())).toEqual(['PUMP-0001', 'PUMP-0002', 'PUMP-0003']);
  });

  it.each([
    ['careArea=icu', ['PUMP-0001', 'PUMP-0002']],
    ['state=infusing', ['PUMP-0001']],
    ['online=false', ['PUMP-0002']],
    ['firmware=2.0.0', ['PUMP-0003']],
    ['careArea=icu&online=true', ['PUMP-0001']],
  ])('filters by %s', async (query, expected) => {
    const reply = await lab.request('GET', `/api/v1/pumps?${query}`);
    expect(serials(reply.json<Items>())).toEqual(expected);
  });

  it.each(['state=sleeping', 'online=yes', 'colour=red'])(
    'refuses the filter %s as INPUT_INVALID',
    async (query) => {
      const reply = await lab.request('GET', `/api/v1/pumps?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.json()).toMatchObject({ code: 'INPUT_INVALID', status: 400 });
    },
  );
});

describe('GET /api/v1/pumps/{serial}', () => {
  it('returns one pump', async () => {
    const reply = await lab.request('GET', '/api/v1/pumps/PUMP-0003');
    expect(reply.json()).toMatchObject({ serial: 'PUMP-0003', careArea: 'med-surg', firmware: '2.0.0' });
  });

  it('serves only the documented fields, whatever else the inventory record carries', async () => {
    lab.inventory.add('PUMP-0004', { batteryPercent: 80, alarms: [] } as object);
    const reply = await lab.request('GET', '/api/v1/pumps/PUMP-0004');
    expect(Object.keys(reply.json()).sort()).toEqual(
      ['careArea', 'firmware', 'lastSeen', 'libraryVersion', 'model', 'online', 'serial', 'state'].sort(),
    );
    lab.inventory.pumps.delete('PUMP-0004');
  });

  it('answers an unknown pump with REST_PUMP_NOT_FOUND', async () => {
    const reply = await lab.request('GET', '/api/v1/pumps/PUMP-9999');
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ code: 'REST_PUMP_NOT_FOUND', detail: expect.any(String) });
  });

  it('refuses a malformed serial', async () => {
    const reply = await lab.request('GET', '/api/v1/pumps/PUMP_0001!');
    expect(reply.json()).toMatchObject({
      code: 'INPUT_INVALID',
      details: { problems: [expect.stringMatching(/^path\.serial/)] },
    });
  });
});

describe('events', () => {
  it('pages through one pump’s events with the cursor', async () => {
    const first = await lab.request('GET', '/api/v1/pumps/PUMP-0001/events?limit=2');
    const page = first.json<{ items: { seq: number }[]; nextCursor: string | null }>();
    expect(page.items.map((event) => event.seq)).toEqual([1, 2]);
    const second = await lab.request(
      'GET',
      `/api/v1/pumps/PUMP-0001/events?limit=2&cursor=${page.nextCursor}`,
    );
    expect(second.json<{ items: { seq: number }[] }>().items.map((event) => event.seq)).toEqual([3, 4]);
  });

  it('answers the events of an unknown pump with REST_PUMP_NOT_FOUND', async () => {
    const reply = await lab.request('GET', '/api/v1/pumps/PUMP-9999/events');
    expect(reply.json()).toMatchObject({ code: 'REST_PUMP_NOT_FOUND' });
  });

  it('lists the fleet’s events filtered by type and time', async () => {
    const byType = await lab.request('GET', '/api/v1/events?type=alarm-raised');
    expect(serials(byType.json<Items>())).toEqual(['PUMP-0003']);
    const since = await lab.request('GET', '/api/v1/events?serial=PUMP-0001&since=2026-01-01T00:04:00Z');
    expect(since.json<Items>().items).toHaveLength(2);
    const last = await lab.request('GET', '/api/v1/events?limit=100');
    expect(last.json()).toMatchObject({ nextCursor: null });
  });

  it.each(['limit=0', 'limit=1001', 'since=yesterday', 'type=coffee'])('refuses %s', async (query) => {
    const reply = await lab.request('GET', `/api/v1/events?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('GET /api/v1/infusions/{id}', () => {
  it('returns the infusion', async () => {
    const reply = await lab.request('GET', '/api/v1/infusions/inf-1');
    expect(reply.json()).toMatchObject({ infusionId: 'inf-1', serial: 'PUMP-0001', volumeInfused: 12.5 });
  });

  it('answers an unknown infusion with REST_INFUSION_NOT_FOUND', async () => {
    const reply = await lab.request('GET', '/api/v1/infusions/nope');
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ code: 'REST_INFUSION_NOT_FOUND' });
  });
});
