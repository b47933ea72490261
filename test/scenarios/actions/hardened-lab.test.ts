import { describe, expect, it } from 'vitest';
import { controls } from '../../../scenarios/controls/controls.ts';
import { attackerIn, codes, play, scenarioLab } from './scenario-lab.ts';

/**
 * The SP 1800-8 hospital, every control on: each action tries for real and is refused, and its
 * evidence names what refused it (the engine attributes the barrier from these codes).
 */
describe('actions against the SP 1800-8 posture', () => {
  const hardened = scenarioLab(
    'actions-hardened',
    controls.map((control) => control.id),
  );

  it('scan from the enterprise is reset by the gateway at every service', async () => {
    const report = await play(attackerIn(hardened.lab, 'enterprise'), 'scan', {
      services: ['mqtt', 'hl7', 'rest'],
    });
    expect(report.status).toBe('blocked');
    expect(codes(report)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
  });

  it('mqtt-subscribe next to the broker is refused for want of a client certificate (TLS alert)', async () => {
    const report = await play(attackerIn(hardened.lab, 'clinical-servers'), 'mqtt-subscribe', {
      identity: 'none',
      topic: 'pumplab/v1/pumps/+/status',
      listenMs: 1_000,
    });
    expect(report).toMatchObject({
      status: 'blocked',
      evidence: [{ channel: 'tls', code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }],
    });
  });

  it('hl7-forge-observation next to the EHR is refused the same way', async () => {
    const report = await play(attackerIn(hardened.lab, 'clinical-systems'), 'hl7-forge-observation', {
      rate: 3,
    });
    expect(report.status).toBe('blocked');
    expect(codes(report)).toEqual(['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED']);
  });

  it('media-load of an attacker-signed library is refused by every pump’s signature check', async () => {
    const report = await play(attackerIn(hardened.lab, 'pump-network'), 'media-load', {
      kind: 'library',
      tamper: 'attacker-signed',
      targets: 'all',
    });
    expect(report.status).toBe('blocked');
    expect(new Set(codes(report))).toEqual(new Set(['PUMP_SIGNATURE_INVALID']));
  });

  it('a stolen pump gives a sealed flash and no key: there is nothing to replay at the broker', async () => {
    const context = attackerIn(hardened.lab, 'clinical-servers');
    const stolen = await play(context, 'steal-device', { target: 'any' });
    expect(codes(stolen)).toEqual(['DEVICE_TAKEN', 'STORE_SEALED']);
    expect(await play(context, 'read-flash', {})).toMatchObject({
      status: 'blocked',
      evidence: [{ code: 'STORE_SEALED' }],
    });
    const replay = await play(context, 'mqtt-subscribe', {
      identity: 'stolen-device',
      topic: 'pumplab/v1/pumps/+/status',
      listenMs: 1_000,
    });
    expect(replay.status).toBe('blocked');
    expect(codes(replay)).toEqual(['NO_CREDENTIAL']);
  });

  it('console-session finds every console port closed on patched firmware', async () => {
    const report = await play(attackerIn(hardened.lab, 'pump-network'), 'console-session', {
      access: 'exploit',
      commands: ['history'],
    });
    expect(report.status).toBe('blocked');
    expect(report.evidence.length).toBeGreaterThan(0);
    for (const item of report.evidence)
      expect(item).toMatchObject({ channel: 'maintenance', code: 'ECONNREFUSED' });
  });
});
