import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitFor } from '../../helpers/wait-for.ts';

/** Resolves true when something accepts TCP connections on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
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

  it('starts the server on loopback and the ward with one pump in three infusing', () => {
    expect(lab.server.mqttAddress.host).toBe('127.0.0.1');
    expect(lab.server.restAddress.host).toBe('127.0.0.1');
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

  it('closes the clinical systems, the fleet, then the server: no port left listening, the store closed', async () => {
    const { hl7, ehr } = lab.description;
    const ports = [
      lab.server.mqttAddress.port,
      lab.server.restAddress.port,
      hl7.port,
      ehr.hl7.port,
      ehr.rest.port,
    ];
    await lab.close();
    await lab.close();
    for (const port of ports) expect(await listening(port)).toBe(false);
    expect(() => lab.server.store).toThrow(expect.objectContaining({ code: 'BROKER_CLOSED' }));
    expect(lab.fleet.stats().connected).toBe(0);
  });
});
