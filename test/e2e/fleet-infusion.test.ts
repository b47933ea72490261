import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../core/clock.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

const hour = 3_600_000;

/** The pump server and a ward of 20 pumps on real mutual TLS, with lab time 240 times real time. */
describe('a ward of 20 pumps reporting to the pump server', () => {
  const stateDir = tempDir();
  const clock = new ScaledClock(240);
  let server: PumpServer;
  let fleet: Fleet;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: 20 });
    server = new PumpServer({ stateDir, clock });
    const { mqtt } = await server.start({ host: '127.0.0.1', mqttPort: 0 });
    fleet = await Fleet.start({
      stateDir,
      brokerUrl: `mqtts://127.0.0.1:${mqtt.port}`,
      count: 20,
      seed: 'e2e-ward',
      clock,
      statusIntervalMs: 30_000,
    });
  });

  afterAll(async () => {
    await fleet?.close();
    await server?.close();
  });

  it('lists every pump online in the inventory', async () => {
    const online = await waitFor(() => {
      const counts = server.inventory?.list({ online: true, limit: 100 }).items.length ?? 0;
      return counts === 20 ? counts : undefined;
    }, '20 pumps online');
    expect(online).toBe(20);
  });

  it('stores a volume infused equal to rate × lab time after an hour at 100 mL/h', async () => {
    const result = await server.commands!.send('PL00001', {
      kind: 'program',
      order: {
        infusionId: 'inf-e2e-1',
        patientId: 'MRN-E2E-1',
        drugId: 'normal-saline',
        rate: 100,
        vtbi: 500,
        autoStart: true,
      },
    });
    expect(result).toMatchObject({ outcome: 'accepted' });
    const started = await waitFor(
      () => server.store!.events.infusion('inf-e2e-1')?.startedAt ?? undefined,
      'infusion start',
    );
    await waitFor(
      () => clock.now() >= Date.parse(started) + hour || undefined,
      'an hour of lab time',
      60_000,
      50,
    );
    expect(await server.commands!.send('PL00001', { kind: 'pause' })).toMatchObject({ outcome: 'accepted' });

    const paused = await waitFor(
      () => server.store!.events.messages({ serial: 'PL00001', type: 'infusion-paused', limit: 1 }).items[0],
      'the pause event in the store',
    );
    const infusion = server.store!.events.infusion('inf-e2e-1');
    const labHours = (Date.parse(paused.sentAt) - Date.parse(started)) / hour;
    // Against the pump's own timestamps: the pump stamps the pause event a moment after it halts
    // the flow, and at 240× each real millisecond is 240 ms of lab time (0.0067 mL at 100 mL/h).
    // Allow 20 real milliseconds of stamping delay on a loaded machine; a metering error shows far above.
    const stampingSlackMl = (100 * (20 * 240)) / hour;
    expect(Math.abs(infusion!.volumeInfused - 100 * labHours)).toBeLessThan(stampingSlackMl);
    expect(infusion?.volumeInfused).toBeGreaterThanOrEqual(100);
    expect(infusion?.volumeInfused).toBeLessThan(110);
    expect(infusion?.state).toBe('paused');
  });

  it('leaves the other 19 pumps idle and reporting', () => {
    const others = server.inventory!.list({ limit: 100 }).items.filter((pump) => pump.serial !== 'PL00001');
    expect(others).toHaveLength(19);
    for (const pump of others) expect(pump.state).toBe('standby');
  });
});
