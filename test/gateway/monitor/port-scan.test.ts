import { describe, expect, it } from 'vitest';
import { decision, startTestMonitor, t0 } from './monitor-lab.ts';

const laptop = '127.40.0.200';

describe('port-scan detection', () => {
  it('raises a medium alert when one source reaches 3 services, all allowed, with the decisions as evidence', () => {
    const { monitor, decisions } = startTestMonitor();
    for (const service of ['mqtt', 'rest', 'pump-maintenance'])
      decisions.record(decision(laptop, service, 'allow'));
    const [alert, ...others] = monitor.alerts.query({ kind: 'port-scan' });
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ severity: 'medium', source: { address: laptop, zone: 'enterprise' } });
    expect(alert?.evidence.map((item) => item.origin)).toEqual(['gateway', 'gateway', 'gateway']);
    expect(alert?.evidence.map((item) => item.summary).join('\n')).toMatch(/pump-maintenance.*allow/);
  });

  it('raises a high alert when the policy refused any of the attempts', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision(laptop, 'mqtt', 'deny'));
    decisions.record(decision(laptop, 'rest', 'allow'));
    decisions.record(decision(laptop, 'hl7', 'deny'));
    expect(monitor.alerts.query({ kind: 'port-scan' }).map((alert) => alert.severity)).toEqual(['high']);
  });

  it('counts distinct services: many connections to two services are no scan', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let i = 0; i < 20; i += 1)
      decisions.record(decision(laptop, i % 2 ? 'mqtt' : 'rest', 'deny', t0 + i * 1_000));
    expect(monitor.alerts.query({ kind: 'port-scan' })).toEqual([]);
  });

  it('forgets attempts older than the window (60 s of lab time)', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision(laptop, 'mqtt', 'deny', t0));
    decisions.record(decision(laptop, 'rest', 'deny', t0 + 30_000));
    decisions.record(decision(laptop, 'hl7', 'deny', t0 + 60_000));
    expect(monitor.alerts.query({ kind: 'port-scan' })).toEqual([]);
    decisions.record(decision(laptop, 'ehr-rest', 'deny', t0 + 61_000));
    expect(monitor.alerts.query({ kind: 'port-scan' })).toHaveLength(1);
  });

  it('keeps sources apart: three hosts touching one service each are no scan', () => {
    const { monitor, decisions } = startTestMonitor();
    ['127.40.0.201', '127.40.0.202', '127.40.0.203'].forEach((address, i) =>
      decisions.record(decision(address, ['mqtt', 'rest', 'hl7'][i] ?? 'mqtt', 'deny')),
    );
    expect(monitor.alerts.query({ kind: 'port-scan' })).toEqual([]);
  });

  it('turns a scan of 1,000 ports into one alert per window, with at most 20 evidence items', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let port = 1; port <= 1_000; port += 1)
      decisions.record(decision(laptop, `port-${port}`, 'deny', t0 + port * 100));
    const scans = monitor.alerts.query({ kind: 'port-scan' });
    expect(scans).toHaveLength(2); // 100 s of scanning: at 0.3 s, then once the 60 s quiet period passed
    for (const alert of scans) expect(alert.evidence.length).toBeLessThanOrEqual(20);
  });

  it('raises again at once when a scan that only succeeded starts being refused', () => {
    const { monitor, decisions } = startTestMonitor();
    for (const service of ['mqtt', 'rest', 'hl7']) decisions.record(decision(laptop, service, 'allow'));
    decisions.record(decision(laptop, 'ehr-rest', 'allow', t0 + 1_000));
    decisions.record(decision(laptop, 'pump-maintenance', 'deny', t0 + 2_000));
    expect(monitor.alerts.query({ kind: 'port-scan' }).map((alert) => alert.severity)).toEqual([
      'high',
      'medium',
    ]);
  });
});
