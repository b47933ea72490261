import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import type { LabUnderTest, TakenDevice } from '../../../scenarios/engine/lab-under-test.ts';
import { isSealed } from '../../../simulators/pump/store-codec.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { connectToBroker, everyControl, segmentedUnpatched } from './scenario-labs.ts';

/**
 * Someone walks off with a pump (SP 1800-8 Vol B: a lost device is decommissioned). The thief reads
 * its flash and keeps its device credential; the hospital revokes the certificate, and once
 * `takeDevice` resolves the broker, which checks revocation, already refuses it.
 */
describe('a pump taken from the ward', () => {
  let legacyWard: LabUnderTest;
  let hardenedWard: LabUnderTest;

  beforeAll(async () => {
    [legacyWard, hardenedWard] = await Promise.all([
      launchEmbeddedLab(segmentedUnpatched, 'scenario-lab'),
      launchEmbeddedLab(everyControl, 'scenario-lab'),
    ]);
  });

  afterAll(() => Promise.all([legacyWard?.close(), hardenedWard?.close()]));

  /** Presents the stolen credential to the broker from a spare address of the servers' own zone. */
  const presentToBroker = (lab: LabUnderTest, taken: TakenDevice) => {
    const broker = lab.reach('clinical-servers', 'mqtt');
    if (!broker) throw new Error('the lab has no broker');
    const localAddress = lab.spareAddress('clinical-servers');
    return connectToBroker(broker, {
      localAddress,
      ca: lab.rootCertificatePem,
      credential: taken.credential!,
    });
  };

  describe('from a legacy (2.4.0) ward with revocation checks and mutual TLS', () => {
    let taken: TakenDevice;
    let serial: string;

    beforeAll(async () => {
      const legacy = legacyWard.observe.pumps().find((pump) => pump.firmware === '2.4.0');
      if (!legacy) throw new Error('the seed gives no 2.4.0 pump');
      serial = legacy.serial;
      taken = await legacyWard.physical.takeDevice(serial);
    });

    it('yields a readable flash: its history and the Wi-Fi key in clear', () => {
      expect(taken.serial).toBe(serial);
      const [flash] = taken.flash;
      expect(flash?.name).toBe(`${serial}.flash`);
      expect(isSealed(flash!.bytes)).toBe(false);
      const store = JSON.parse(flash!.bytes.toString('utf8')) as { serial: string; wifi: { psk: string } };
      expect(store.serial).toBe(serial);
      expect(store.wifi.psk.length).toBeGreaterThan(0);
    });

    it('yields the device credential its clear flash held (certificate and key, PEM)', () => {
      expect(taken.credential?.certificatePem).toContain('-----BEGIN CERTIFICATE-----');
      expect(taken.credential?.keyPem).toContain('PRIVATE KEY-----');
    });

    it('leaves the ward: disconnected, its console gone', async () => {
      const pump = legacyWard.observe.pumps().find((view) => view.serial === serial);
      expect(pump?.connected).toBe(false);
      const address = pump?.address;
      expect(legacyWard.pumpConsoles('pump-network').map((endpoint) => endpoint.host)).not.toContain(address);
      await expect(legacyWard.physical.takeDevice(serial)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    });

    it('has its certificate refused by the broker as revoked as soon as takeDevice resolved', async () => {
      expect(await presentToBroker(legacyWard, taken)).toBe('refused');
      const event = await waitFor(
        () =>
          legacyWard.observe
            .securityEvents()
            .find((entry) => entry.code === 'PKI_CERT_REVOKED' && entry.kind === 'tls-failure'),
        'the broker refusing the revoked certificate',
      );
      expect(event).toMatchObject({ origin: 'pump-server-broker', address: '127.20.0.200' });
    });
  });

  describe('from a hardened ward (every control)', () => {
    it('yields a sealed flash and no credential: the device key is sealed with the store', async () => {
      const [pump] = hardenedWard.observe.pumps();
      const taken = await hardenedWard.physical.takeDevice(pump!.serial);
      expect(isSealed(taken.flash[0]!.bytes)).toBe(true);
      expect(taken.credential).toBeUndefined();
    });

    it('still raises the alarms of the pumps left on the ward, with the lab time', async () => {
      const pump = hardenedWard.observe.pumps().find((view) => view.state === 'infusing' && view.connected);
      const before = hardenedWard.now();
      await hardenedWard.physical.raiseAlarm(pump!.serial, 'occlusion');
      const view = hardenedWard.observe.pumps().find((candidate) => candidate.serial === pump!.serial);
      expect(view?.alarms).toContain('occlusion');
      expect(view?.alarmsRaised).toEqual([{ at: expect.any(Number), code: 'occlusion' }]);
      expect(view!.alarmsRaised[0]!.at).toBeGreaterThanOrEqual(before);
      await expect(hardenedWard.physical.raiseAlarm(pump!.serial, 'fire')).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
    });
  });
});
