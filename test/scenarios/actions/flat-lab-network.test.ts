import { describe, expect, it } from 'vitest';
import { attackerIn, codes, play, scenarioLab } from './scenario-lab.ts';

/** The flat 2015 hospital (no control on): what an attacker on its network reaches. */
describe('network and console actions in a flat lab', () => {
  const flat = scenarioLab('actions-network');

  it('scan from the enterprise finds every service and the pump console through the gateway', async () => {
    const context = attackerIn(flat.lab, 'enterprise');
    const report = await play(context, 'scan', {
      services: ['mqtt', 'hl7', 'rest', 'ehr-hl7', 'pump-maintenance'],
    });
    expect(report.status).toBe('done');
    expect([...context.loot.found.values()].sort()).toEqual([
      'ehr-hl7',
      'hl7',
      'mqtt',
      'pump-maintenance',
      'rest',
    ]);
  });

  it('console-session from the pump network opens every legacy console and raises a running rate', async () => {
    const context = attackerIn(flat.lab, 'pump-network');
    const before = flat.lab.observe.pumps().filter((pump) => pump.state === 'infusing');
    const report = await play(context, 'console-session', {
      access: 'factory-login',
      commands: ['history', 'config'],
      setRateFactor: 2,
    });
    expect(report.status).toBe('done');
    expect(context.loot.secrets.some((secret) => secret.kind === 'wifi-psk')).toBe(true);
    const ordered = new Map(flat.lab.observe.orders().map((order) => [order.serial, order.rate]));
    const after = flat.lab.observe.pumps().filter((pump) => before.some((b) => b.serial === pump.serial));
    expect(after.some((pump) => pump.rate === (ordered.get(pump.serial) ?? 0) * 2)).toBe(true);
  });

  it('steal-device, read-flash, then join-pump-network with the stolen credential reaches the broker', async () => {
    const context = attackerIn(flat.lab, 'pump-network');
    const stolen = await play(context, 'steal-device', { target: 'legacy' });
    expect(codes(stolen)).toEqual(['DEVICE_TAKEN', 'STORE_READABLE']);
    expect((await play(context, 'read-flash', {})).status).toBe('done');
    const joined = await play(context, 'join-pump-network', { identity: 'stolen-device' });
    expect(joined).toMatchObject({ status: 'done', evidence: [{ code: 'CONNACK-0' }] });
  });

  it('flood holds its connections to the pump server API', async () => {
    const report = await play(attackerIn(flat.lab, 'enterprise'), 'flood', {
      service: 'rest',
      connections: 20,
      holdMs: 2_000,
    });
    expect(report.status).toBe('done');
  });
});
