import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import type { LabUnderTest } from '../../../scenarios/engine/lab-under-test.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { reach } from '../zoned/zoned-lab.ts';
import { buildPcd01 } from '../../../simulators/hl7/pcd/pcd01-device-observation.ts';
import { noControls, segmentedUnpatched, sendHl7 } from './scenario-labs.ts';

/**
 * Where a run's attacker can dial, for real: a laptop on the enterprise zone's spare address opens
 * a TCP connection to the endpoint the lab gives for the pump consoles. Two labs, side by side.
 */
describe("a scenario lab's network, flat and segmented", () => {
  let flat: LabUnderTest;
  let segmented: LabUnderTest;

  beforeAll(async () => {
    [flat, segmented] = await Promise.all([
      launchEmbeddedLab(noControls, 'scenario-lab'),
      launchEmbeddedLab(segmentedUnpatched, 'scenario-lab'),
    ]);
  });

  afterAll(() => Promise.all([flat?.close(), segmented?.close()]));

  it("routes the enterprise zone to a pump console through the gateway's endpoint", () => {
    for (const lab of [flat, segmented]) {
      expect(lab.reach('enterprise', 'pump-maintenance')).toMatchObject({ host: '127.10.0.1' });
      expect(lab.pumpConsoles('enterprise')).toEqual([lab.reach('enterprise', 'pump-maintenance')]);
    }
  });

  it('lets the enterprise laptop reach a pump console on the flat network', async () => {
    const laptop = flat.spareAddress('enterprise');
    const console = flat.reach('enterprise', 'pump-maintenance');
    expect(console && (await reach(console, laptop, true))).toBe('answered');
  });

  it('refuses the enterprise laptop at the gateway on the segmented network, and logs the denial', async () => {
    const laptop = segmented.spareAddress('enterprise');
    const console = segmented.reach('enterprise', 'pump-maintenance');
    expect(console && (await reach(console, laptop, true))).toBe('refused');
    const denied = segmented.observe
      .decisions()
      .find((decision) => decision.fromAddress === laptop && decision.service === 'pump-maintenance');
    expect(denied).toMatchObject({ verdict: 'deny', fromZone: 'enterprise', toZone: 'pump-network' });
  });

  it('gives a client in the pump network its own zone directly and the broker through the gateway', () => {
    const consoles = segmented.pumpConsoles('pump-network');
    expect(consoles.length).toBeGreaterThan(0);
    expect(
      consoles.every((endpoint) => endpoint.host.startsWith('127.10.0.') && endpoint.host !== '127.10.0.1'),
    ).toBe(true);
    expect(segmented.reach('pump-network', 'mqtt')).toMatchObject({ host: '127.20.0.1' });
    expect(segmented.reach('pump-network', 'no-such-service')).toBeUndefined();
    expect(segmented.reach('no-such-zone', 'mqtt')).toBeUndefined();
  });

  it("traces a broker's TLS refusal behind the gateway back to the real client", async () => {
    // Mutual TLS is on: a device with no certificate completes its side of TLS 1.3, then is refused.
    const intruder = segmented.spareAddress('pump-network');
    const broker = segmented.reach('pump-network', 'mqtt');
    expect(broker && (await reach(broker, intruder, false))).toBe('answered');
    const event = await waitFor(
      () => segmented.observe.securityEvents().find((entry) => entry.address === intruder),
      'a broker security event from the intruder',
    );
    expect(event).toMatchObject({ origin: 'pump-server-broker', kind: 'tls-failure' });
  });

  it('charts a PCD-01 from a rogue server, and does not count it as sent by the pump server', async () => {
    // Mutual TLS is off on the flat lab: the EHR takes reports from anyone in its zone.
    const [order] = flat.observe.orders();
    const now = flat.now();
    const forged = buildPcd01({
      status: {
        serial: order!.serial,
        model: 'PL-100',
        libraryVersion: null,
        careArea: 'icu',
        state: 'paused',
        infusion: null,
        sentAt: new Date(now).toISOString(),
      },
      patient: { mrn: order!.mrn },
      controlId: 'ROGUE-1',
      at: now,
      sender: { application: 'PUMPSRV', facility: 'PUMPLAB' },
      receiver: { application: 'EHR', facility: 'PUMPLAB' },
    });
    const ehrHl7 = flat.reach('clinical-systems', 'ehr-hl7');
    const rogue = flat.spareAddress('clinical-systems');
    expect(ehrHl7 && (await sendHl7(ehrHl7, rogue, flat.rootCertificatePem, forged))).toMatch(/^(AA|CA)$/);
    const charted = flat.observe.chart(order!.mrn).observations.map((entry) => entry.controlId);
    expect(charted).toContain('ROGUE-1');
    expect(flat.observe.sentToEhr()).not.toContain('ROGUE-1');
    expect(
      charted.filter((id) => id !== 'ROGUE-1').every((id) => flat.observe.sentToEhr().includes(id)),
    ).toBe(true);
  });
});
