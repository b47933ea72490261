import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../core/clock.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { CertificateAuthority } from '../../pki/authority.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { channelNames, parsePumpTopic, topicRoot, type Channel } from '../../simulators/contract/topics.ts';
import { sampleDrugLibrary, sampleDrugLibraryBytes } from '../../simulators/pump/sample-drug-library.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { contractErrors } from '../helpers/contract-validator.ts';
import { clientOptions, connectPump, endClient } from '../helpers/pump-server-lab.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** One message as a standard MQTT client subscribed to the whole contract saw it. */
interface Captured {
  topic: string;
  channel: Channel | undefined;
  payload: unknown;
}

const pumps = 6;

/**
 * The promise, "every message the lab sends validates against its schema", checked from
 * outside: a lab service identity subscribes to `pumplab/v1/pumps/#` on the lab's own pump server
 * while a ward is programmed, paused, alarmed, sent a drug library and loses a connection, and every
 * payload it receives is checked with Ajv against the JSON Schema published for its channel
 * (docs/mqtt/schemas), an implementation independent of the zod schemas the lab runs on.
 */
describe('every message on the pump server validates against its published JSON Schema', () => {
  const stateDir = tempDir('pumplab-contract-');
  const clock = new ScaledClock(60);
  const captured: Captured[] = [];
  let server: PumpServer;
  let fleet: Fleet;
  let observer: MqttClient;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps });
    server = new PumpServer({ stateDir, clock });
    const { mqtt } = await server.start({ host: '127.0.0.1', mqttPort: 0 });
    const authority = CertificateAuthority.open(stateDir);
    const service = authority.identity('ehr');
    authority.close();
    observer = await connectPump(
      clientOptions(mqtt.port, service.rootPem, service, { clientId: 'contract-observer' }),
    );
    observer.on('message', (topic, payload) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        parsed = payload.toString('utf8');
      }
      captured.push({ topic, channel: parsePumpTopic(topic)?.channel, payload: parsed });
    });
    await observer.subscribeAsync(`${topicRoot}/pumps/#`, { qos: 1 });
    // A ward mixing the three firmware generations: their payloads differ in what they report.
    fleet = await Fleet.start({
      stateDir,
      brokerUrl: `mqtts://127.0.0.1:${mqtt.port}`,
      count: pumps,
      seed: 'e2e-contract',
      clock,
      statusIntervalMs: 10_000,
      firmwareMix: { '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 },
    });
    await waitFor(() => server.inventory.counts().online === pumps || undefined, 'the ward online');
  });

  afterAll(async () => {
    if (observer) await endClient(observer);
    await fleet?.close();
    await server?.close();
  });

  const pumpOf = (serial: string) => {
    const pump = fleet.pump(serial);
    if (!pump) throw new Error(`no pump ${serial}`);
    return pump;
  };
  const seen = (channel: Channel, predicate: (payload: Record<string, unknown>) => boolean = () => true) =>
    captured.some(
      (message) =>
        message.channel === channel &&
        typeof message.payload === 'object' &&
        message.payload !== null &&
        predicate(message.payload as Record<string, unknown>),
    );

  it('drives the ward through programs, pauses, alarms, a library, a completion and a lost link', async () => {
    const { commands } = server;
    // icu: heparin by dose rate, then pause and resume.
    const heparin = { infusionId: 'inf-c-1', patientId: 'MRN-C-1', drugId: 'heparin', vtbi: 250 };
    expect(
      await commands.send('PL00001', {
        kind: 'program',
        order: { ...heparin, doseRate: { value: 1000, unit: 'units/h' }, autoStart: true },
      }),
    ).toMatchObject({ outcome: 'accepted' });
    expect(await commands.send('PL00001', { kind: 'pause' })).toMatchObject({ outcome: 'accepted' });
    expect(await commands.send('PL00001', { kind: 'resume' })).toMatchObject({ outcome: 'accepted' });
    // icu: a weight-based dose.
    const propofol = { infusionId: 'inf-c-4', drugId: 'propofol', vtbi: 100, weightKg: 70, autoStart: true };
    expect(
      await commands.send('PL00004', {
        kind: 'program',
        order: { ...propofol, doseRate: { value: 30, unit: 'mcg/kg/min' } },
      }),
    ).toMatchObject({ outcome: 'accepted' });
    // med-surg: a hard limit refused, then a confirmed soft-limit override.
    const saline = { drugId: 'normal-saline', vtbi: 500, autoStart: true };
    expect(
      await commands.send('PL00002', {
        kind: 'program',
        order: {
          ...saline,
          infusionId: 'inf-c-2a',
          doseRate: { value: 5000, unit: 'units/h' },
          drugId: 'heparin',
        },
      }),
    ).toMatchObject({ outcome: 'rejected' });
    expect(
      await commands.send('PL00002', {
        kind: 'program',
        order: { ...saline, infusionId: 'inf-c-2b', rate: 400, confirmSoftLimit: true },
      }),
    ).toMatchObject({ outcome: 'accepted' });
    // oncology: a short infusion that completes into KVO, then is stopped.
    expect(
      await commands.send('PL00003', {
        kind: 'program',
        order: { ...saline, infusionId: 'inf-c-3', rate: 200, vtbi: 2 },
      }),
    ).toMatchObject({ outcome: 'accepted' });
    await waitFor(() => seen('events', (event) => event['type'] === 'kvo-started'), 'completion into KVO');
    expect(await commands.send('PL00003', { kind: 'stop' })).toMatchObject({ outcome: 'accepted' });

    // The physical world: an occlusion on an infusing pump, a low battery.
    pumpOf('PL00001').raiseAlarm('occlusion');
    pumpOf('PL00001').clearAlarm('occlusion');
    pumpOf('PL00005').raiseAlarm('battery-low');

    // A signed library to med-surg, an unsigned one straight to a pump, a status on demand.
    const library = { ...sampleDrugLibrary, version: '1.1.0', issuedAt: new Date(clock.now()).toISOString() };
    server.libraries.create(library);
    const distribution = await server.libraries.distribute('1.1.0', 'med-surg');
    expect(distribution.results.length).toBeGreaterThan(0);
    const unsigned = sampleDrugLibraryBytes({ ...library, version: '1.1.1' }).toString('base64');
    await commands.send('PL00006', { kind: 'install-library', library: unsigned, signature: null });
    expect(await commands.send('PL00006', { kind: 'report-status' })).toMatchObject({ outcome: 'accepted' });

    // A lost Wi-Fi link: the broker publishes the pump's last will, then the pump comes back.
    const willsBefore = captured.filter(
      (m) => m.channel === 'presence' && m.topic.includes('PL00006'),
    ).length;
    fleet.link('PL00006')?.dropConnection();
    await waitFor(
      () => seen('presence', (p) => p['serial'] === 'PL00006' && p['online'] === false),
      'the last will of PL00006',
    );
    await waitFor(
      () =>
        captured.filter((m) => m.channel === 'presence' && m.topic.includes('PL00006')).length >=
          willsBefore + 2 && fleet.link('PL00006')?.stats.connected,
      'PL00006 back online',
    );
    // A few more periodic statuses from every pump in their new states.
    const count = captured.length;
    await waitFor(() => captured.length >= count + 3 * pumps || undefined, 'more statuses');
  });

  it('captured every channel and the variety of messages the contract describes', () => {
    for (const channel of channelNames) expect(seen(channel), channel).toBe(true);
    const types = new Set(
      captured.flatMap((m) =>
        m.channel === 'events' ? [(m.payload as { type?: string }).type ?? '(none)'] : [],
      ),
    );
    for (const type of [
      'infusion-programmed',
      'infusion-started',
      'infusion-paused',
      'infusion-resumed',
      'infusion-completed',
      'kvo-started',
      'infusion-stopped',
      'alarm-raised',
      'alarm-cleared',
      'limit-override',
      'library-installed',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(seen('command-results', (r) => r['outcome'] === 'rejected')).toBe(true);
    expect(seen('presence', (p) => p['online'] === true)).toBe(true);
    expect(seen('presence', (p) => p['online'] === false)).toBe(true);
  });

  it('finds every captured payload valid against the JSON Schema of its channel', () => {
    expect(captured.length).toBeGreaterThan(100);
    const outsideContract = captured.filter((message) => message.channel === undefined).map((m) => m.topic);
    expect(outsideContract).toEqual([]);
    const invalid = captured.flatMap((message) => {
      if (!message.channel) return [];
      const errors = contractErrors(message.channel, message.payload);
      return errors.length === 0 ? [] : [{ topic: message.topic, errors }];
    });
    expect(invalid).toEqual([]);
  });
});
