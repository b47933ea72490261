import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyDetached } from '../../../../pki/code-signing/verify-detached.ts';
import { buildFirmwareImage } from '../../../../simulators/contract/firmware-image.ts';
import type { RolloutSnapshot } from '../../../../simulators/pump-server/rollout-status.ts';
import { startRestLab, type RestLab } from './rest-harness.ts';

let lab: RestLab;
const image = (version: string, model = 'LVP-3000'): string =>
  buildFirmwareImage({ model, version, body: Buffer.from(`firmware ${version} for ${model}`) }).toString(
    'base64',
  );

beforeAll(async () => {
  lab = await startRestLab();
  const uploaded = await lab.request('POST', '/api/v1/firmware', {
    json: { version: '2.0.0', image: image('2.0.0') },
  });
  expect(uploaded.status).toBe(201);
});

afterAll(async () => lab.close());

const startRollout = async (body: object): Promise<RolloutSnapshot> => {
  const reply = await lab.request('POST', '/api/v1/firmware/2.0.0/rollouts', { json: body });
  expect(reply.status).toBe(202);
  expect(reply.headers['location']).toMatch(/^\/api\/v1\/firmware\/rollouts\/rollout-/);
  return reply.json<RolloutSnapshot>();
};
const rollout = async (id: string): Promise<RolloutSnapshot> =>
  (await lab.request('GET', `/api/v1/firmware/rollouts/${id}`)).json<RolloutSnapshot>();
const statuses = (snapshot: RolloutSnapshot): Record<string, string> =>
  Object.fromEntries(snapshot.pumps.map((pump) => [pump.serial, pump.status]));
const sentTo = (prefix: string): string[] =>
  lab.sender.sent.filter((sent) => sent.serial.startsWith(prefix)).map((sent) => sent.serial);

describe('firmware images', () => {
  it('are signed on upload, listed, and served with a signature that verifies', async () => {
    const list = await lab.request('GET', '/api/v1/firmware');
    expect(list.json()).toMatchObject({
      items: [{ version: '2.0.0', model: 'LVP-3000', signer: 'drug-library-signer' }],
    });
    const served = (await lab.request('GET', '/api/v1/firmware/2.0.0?part=image')).body;
    expect(served.toString('base64')).toBe(image('2.0.0'));
    const signature = (await lab.request('GET', '/api/v1/firmware/2.0.0?part=signature')).body;
    const trust = { trustAnchorPem: lab.rootPem, crlPems: lab.authority.crlPems(), at: new Date() };
    expect(verifyDetached(served, signature, trust).signerSubject).toMatch(/CN=drug-library-signer$/);
  });

  it.each([
    [
      'an image that is not PLFW',
      { version: '3.0.0', image: Buffer.from('MZ not firmware').toString('base64') },
      'FIRMWARE_IMAGE_INVALID',
    ],
    ['an image of another version', { version: '3.0.0', image: image('3.0.1') }, 'FIRMWARE_IMAGE_INVALID'],
    ['a version that exists', { version: '2.0.0', image: image('2.0.0') }, 'FIRMWARE_VERSION_EXISTS'],
    ['an image that is not base64', { version: '3.0.0', image: '***not base64***' }, 'INPUT_INVALID'],
  ])('refuses %s', async (_name, body, code) => {
    const reply = await lab.request('POST', '/api/v1/firmware', { json: body });
    expect(reply.json()).toMatchObject({ code });
  });
});

describe('starting a rollout', () => {
  it.each([
    ['an unknown version', '9.9.9', { careArea: 'icu' }, 'FIRMWARE_UNKNOWN_VERSION'],
    ['neither serials nor care area', '2.0.0', { waves: { sizes: [1] } }, 'INPUT_INVALID'],
    [
      'fractions that do not end at 1',
      '2.0.0',
      { careArea: 'icu', waves: { fractions: [0.5] } },
      'INPUT_INVALID',
    ],
    ['a serial the inventory lacks', '2.0.0', { serials: ['GHOST-1'] }, 'INPUT_INVALID'],
    ['a care area without pumps', '2.0.0', { careArea: 'empty-ward' }, 'FIRMWARE_NO_TARGETS'],
  ])('refuses %s', async (_name, version, body, code) => {
    const reply = await lab.request('POST', `/api/v1/firmware/${version}/rollouts`, { json: body });
    expect(reply.json()).toMatchObject({ code });
  });

  it('answers an unknown rollout with FIRMWARE_UNKNOWN_ROLLOUT', async () => {
    const reply = await lab.request('GET', '/api/v1/firmware/rollouts/rollout-0000000000000000');
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ code: 'FIRMWARE_UNKNOWN_ROLLOUT' });
  });
});

describe('a rollout', () => {
  it('defers an infusing pump and installs it once the inventory says it is idle', async () => {
    for (const serial of ['A-1', 'A-2', 'A-3', 'A-4']) lab.inventory.add(serial, { careArea: 'ward-a' });
    lab.inventory.update('A-2', { state: 'infusing' });
    lab.inventory.add('A-5', { careArea: 'ward-a', firmware: '2.0.0' });
    const { id, waves } = await startRollout({ careArea: 'ward-a', waves: { sizes: [2] } });
    expect(waves).toEqual([
      ['A-1', 'A-2'],
      ['A-3', 'A-4', 'A-5'],
    ]);
    await vi.waitFor(async () =>
      expect(statuses(await rollout(id))).toEqual({
        'A-1': 'installed',
        'A-2': 'deferred',
        'A-3': 'installed',
        'A-4': 'installed',
        'A-5': 'installed',
      }),
    );
    expect((await rollout(id)).pumps.find((pump) => pump.serial === 'A-2')?.reason).toBe('infusing');
    lab.inventory.update('A-2', { state: 'paused' });
    lab.clock.advance(60_000);
    await vi.waitFor(async () =>
      expect((await rollout(id)).pumps[1]).toMatchObject({ status: 'deferred', reason: 'paused' }),
    );
    expect(sentTo('A-')).toEqual(['A-1', 'A-3', 'A-4']);
    lab.inventory.update('A-2', { state: 'standby' });
    lab.clock.advance(60_000);
    await vi.waitFor(async () => expect(await rollout(id)).toMatchObject({ state: 'completed' }));
    expect(statuses(await rollout(id))['A-2']).toBe('installed');
    expect(sentTo('A-')).toEqual(['A-1', 'A-3', 'A-4', 'A-2']);
    expect((await lab.request('GET', '/api/v1/pumps/A-2')).json()).toMatchObject({ firmware: '2.0.0' });
  });

  it('reports a pump still busy at the deadline as timed out, without halting', async () => {
    lab.inventory.add('B-1', { careArea: 'ward-b', state: 'kvo' });
    lab.inventory.add('B-2', { careArea: 'ward-b', online: false });
    const { id } = await startRollout({ careArea: 'ward-b', deadlineMs: 120_000, maxFailureRate: 0 });
    await vi.waitFor(async () =>
      expect(statuses(await rollout(id))).toEqual({ 'B-1': 'deferred', 'B-2': 'deferred' }),
    );
    lab.clock.advance(120_000);
    await vi.waitFor(async () =>
      expect(await rollout(id)).toMatchObject({ state: 'completed', haltReason: null }),
    );
    expect(statuses(await rollout(id))).toEqual({ 'B-1': 'timed-out', 'B-2': 'timed-out' });
    expect(sentTo('B-')).toEqual([]);
  });

  it('halts when a wave fails beyond the threshold, reporting the pumps’ rejection of the signer', async () => {
    for (let i = 0; i < 10; i += 1) lab.inventory.add(`C-${i}`, { careArea: 'ward-c' });
    lab.sender.trust.signerCommonName = 'vendor-firmware-signer';
    try {
      const { id } = await startRollout({ careArea: 'ward-c' });
      await vi.waitFor(async () => expect(await rollout(id)).toMatchObject({ state: 'halted' }));
      const halted = await rollout(id);
      expect(halted.waves.map((wave) => wave.length)).toEqual([1, 4, 5]);
      expect(halted.pumps[0]).toMatchObject({
        serial: 'C-0',
        status: 'rejected',
        reason: 'PUMP_SIGNER_UNTRUSTED',
      });
      expect(halted.pumps.slice(1).every((pump) => pump.status === 'pending')).toBe(true);
      expect(halted.haltReason).toMatch(/wave 1/);
      expect(sentTo('C-')).toEqual(['C-0']);
    } finally {
      lab.sender.trust.signerCommonName = 'drug-library-signer';
    }
  });

  it('carries on past failures within the threshold', async () => {
    for (let i = 0; i < 4; i += 1) lab.inventory.add(`D-${i}`, { careArea: 'ward-d' });
    lab.sender.behaviours.set('D-1', { kind: 'timeout' });
    const { id } = await startRollout({
      serials: ['D-3', 'D-2', 'D-1', 'D-0'],
      waves: { sizes: [4] },
      maxFailureRate: 0.25,
    });
    await vi.waitFor(async () => expect(await rollout(id)).toMatchObject({ state: 'completed' }));
    expect(statuses(await rollout(id))).toEqual({
      'D-3': 'installed',
      'D-2': 'installed',
      'D-1': 'timed-out',
      'D-0': 'installed',
    });
    const list = await lab.request('GET', '/api/v1/firmware/rollouts');
    expect(list.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(id);
  });
});
