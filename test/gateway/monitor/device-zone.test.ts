import { describe, expect, it } from 'vitest';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { decision, securityEvent, startTestMonitor, t0 } from './monitor-lab.ts';

const { broker } = securityOrigins;

describe('devices out of place', () => {
  it('raises a high wrong-zone alert when a pump identity speaks from the enterprise zone', () => {
    const { monitor } = startTestMonitor();
    monitor.observe(
      broker,
      securityEvent({ kind: 'auth-denied', source: '127.40.0.33:1', identity: 'urn:pumplab:pump:PL00007' }),
    );
    const [alert] = monitor.alerts.query({ kind: 'wrong-zone-device' });
    expect(alert).toMatchObject({ severity: 'high', source: { address: '127.40.0.33', zone: 'enterprise' } });
    expect(alert?.reason).toContain('PL00007');
  });

  it('recognises a pump by the client id it claims, and leaves pumps in the pump network alone', () => {
    const { monitor } = startTestMonitor();
    monitor.observe(
      broker,
      securityEvent({ kind: 'auth-denied', source: '127.10.0.40:1', clientId: 'PL00008' }),
    );
    monitor.observe(
      broker,
      securityEvent({ kind: 'auth-denied', source: '127.50.0.10:1', clientId: 'PL00008' }),
    );
    monitor.observe(
      broker,
      securityEvent({ kind: 'auth-denied', source: '127.40.0.10:1', identity: 'poc-workstation' }),
    );
    expect(monitor.alerts.query().map((alert) => alert.source.zone)).toEqual(['biomed']);
  });

  it('does not blame a pump for the gateway’s address when the forwarded source is unresolved', () => {
    const { monitor } = startTestMonitor();
    monitor.observe(
      broker,
      securityEvent({ kind: 'auth-denied', source: '127.20.0.1:40000', identity: 'PL00001' }),
    );
    expect(monitor.alerts.query({ kind: 'wrong-zone-device' })).toEqual([]);
  });

  it('raises a high quarantined-device alert for an admission held in quarantine', () => {
    const { monitor } = startTestMonitor();
    monitor.observeAdmission({
      at: t0,
      address: '127.10.0.99',
      zone: 'pump-network',
      identity: 'PL00099',
      verdict: 'quarantined',
      reason: 'certificate revoked',
    });
    const [alert] = monitor.alerts.query();
    expect(alert).toMatchObject({ kind: 'quarantined-device', severity: 'high' });
    expect(alert?.evidence[0]).toMatchObject({ origin: 'admission' });
  });

  it('raises wrong-zone for a pump admitted outside the pump network, nothing for one inside', () => {
    const { monitor } = startTestMonitor();
    const admitted = {
      at: t0,
      identity: 'PL00010',
      verdict: 'admitted',
      reason: 'valid certificate',
    } as const;
    monitor.observeAdmission({ ...admitted, address: '127.10.0.50', zone: 'pump-network' });
    monitor.observeAdmission({ ...admitted, address: '127.30.0.50', zone: 'clinical-systems' });
    expect(monitor.alerts.query().map((alert) => [alert.kind, alert.source.zone])).toEqual([
      ['wrong-zone-device', 'clinical-systems'],
    ]);
  });

  it('raises quarantined-device for a quarantined source’s flows: medium when refused, high when let through', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision('127.10.0.60', 'mqtt', 'deny', t0, 'quarantine'));
    decisions.record(decision('127.10.0.61', 'mqtt', 'allow', t0, 'quarantine'));
    const quarantined = monitor.alerts.query({ kind: 'quarantined-device' });
    expect(quarantined.map((alert) => [alert.source.address, alert.severity])).toEqual([
      ['127.10.0.61', 'high'],
      ['127.10.0.60', 'medium'],
    ]);
  });
});
