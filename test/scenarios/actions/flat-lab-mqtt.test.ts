import { describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait-for.ts';
import { attackerIn, play, scenarioLab } from './scenario-lab.ts';

/** The broker of the flat 2015 hospital: one-way TLS, no authorization, identity by client id. */
describe('MQTT actions in a flat lab', () => {
  const flat = scenarioLab('actions-mqtt');

  it('mqtt-subscribe reads every pump’s retained status, patient ids included', async () => {
    const context = attackerIn(flat.lab, 'enterprise');
    const report = await play(context, 'mqtt-subscribe', {
      identity: 'none',
      topic: 'pumplab/v1/pumps/+/status',
      listenMs: 1_000,
    });
    expect(report.status).toBe('done');
    const mrns = flat.lab.observe.orders().map((order) => order.mrn);
    expect(mrns.every((mrn) => context.loot.data.some((payload) => payload.includes(mrn)))).toBe(true);
    expect(JSON.stringify(report)).not.toContain(mrns[0]);
  });

  it('mqtt-command restarts every running infusion at twice its ordered rate', async () => {
    const context = attackerIn(flat.lab, 'enterprise');
    const report = await play(context, 'mqtt-command', { identity: 'none', rateFactor: 2, targets: 'all' });
    expect(report.status).toBe('done');
    for (const order of flat.lab.observe.orders()) {
      await waitFor(
        () =>
          flat.lab.observe.pumps().find((pump) => pump.serial === order.serial)?.rate ===
          Math.round(order.rate * 2000) / 1000,
        `${order.serial} at twice its rate`,
        10_000,
      );
    }
  });

  it('mqtt-rogue-device gets an unknown serial into the pump server’s inventory', async () => {
    const report = await play(attackerIn(flat.lab, 'pump-network'), 'mqtt-rogue-device', {
      serial: 'PL99999',
      identity: 'none',
    });
    expect(report.status).toBe('done');
    await waitFor(() => flat.lab.observe.inventory().includes('PL99999'), 'PL99999 in the inventory', 10_000);
  });

  it('mqtt-takeover throws pumps off the broker while it holds their client ids', async () => {
    const context = attackerIn(flat.lab, 'enterprise');
    let kicked = false;
    const watch = setInterval(() => {
      if (flat.lab.observe.pumps().some((pump) => !pump.connected)) kicked = true;
    }, 20);
    try {
      const report = await play(context, 'mqtt-takeover', { identity: 'claim-serial', holdMs: 20_000 });
      expect(report.status).toBe('done');
      expect(report.evidence[0]?.code).toBe('CONNACK-0');
    } finally {
      clearInterval(watch);
    }
    expect(kicked).toBe(true);
  });
});
