import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitFor } from '../../helpers/wait-for.ts';

/** Resolves true when something accepts TCP connections on `host:port` (from the host's own zone). */
const listening = ({ host, port }: { host: string; port: number }): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ port, host, localAddress: host.replace(/\.\d+$/, '.200') });
    socket.once('connect', () => resolve(true));
    // A gateway listener may reset a flow its policy denies as soon as it accepts it: still listening.
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNRESET'));
    socket.once('connect', () => socket.destroy());
  });

describe('the embedded lab', () => {
  const stateDir = tempDir('pumplab-embedded-');
  let lab: EmbeddedLab;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: 6 });
    lab = await EmbeddedLab.start({
      stateDir,
      pumps: 6,
      seed: 'embedded-test',
      clockSpeed: 120,
      ports: { mqtt: 0, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0 },
    });
  });

  afterAll(() => lab?.close());

  it('starts each component on its own address in its zone, and the ward with one pump in three infusing', () => {
    expect(lab.server.mqttAddress.host).toBe('127.20.0.10');
    expect(lab.server.restAddress.host).toBe('127.20.0.10');
    expect(lab.description.ehr.rest.host).toBe('127.30.0.10');
    expect(lab.description.network).toMatchObject({ kind: 'zoned', policy: 'segmented' });
    expect(lab.fleet.serials).toHaveLength(6);
    expect(lab.infusions.map((infusion) => infusion.outcome)).toEqual(['accepted', 'accepted']);
    expect(lab.description.infusing).toBe(2);
  });

  it('really infuses: the stored volume of each seeded infusion grows on the lab clock', async () => {
    for (const { orderId } of lab.infusions) {
      const infused = await waitFor(
        () => (lab.server.store.events.infusion(orderId)?.volumeInfused ?? 0) > 0,
        `volume infused by ${orderId}`,
      );
      expect(infused).toBe(true);
    }
    expect(lab.server.inventory.list({ online: true }).items).toHaveLength(6);
  });

  it('refuses a second lab on the same MQTT port with LAB_PORT_IN_USE', async () => {
    await expect(
      EmbeddedLab.start({
        stateDir,
        pumps: 1,
        seed: 'second',
        clockSpeed: 1,
        ports: { mqtt: lab.server.mqttAddress.port, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0 },
      }),
    ).rejects.toMatchObject({ code: 'LAB_PORT_IN_USE' });
  });

  it('closes the clinical systems, the fleet, the server, then the gateway: no port left listening, the store closed', async () => {
    const { hl7, ehr, network } = lab.description;
    const endpoints = [
      lab.server.mqttAddress,
      lab.server.restAddress,
      hl7,
      ehr.hl7,
      ehr.rest,
      ...(network.gateway ?? []),
    ];
    for (const endpoint of endpoints)
      expect(await listening(endpoint), `${endpoint.host}:${endpoint.port}`).toBe(true);
    await lab.close();
    await lab.close();
    for (const endpoint of endpoints) expect(await listening(endpoint)).toBe(false);
    expect(() => lab.server.store).toThrow(expect.objectContaining({ code: 'BROKER_CLOSED' }));
    expect(lab.fleet.stats().connected).toBe(0);
  });
});
