import { describe, expect, it } from 'vitest';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { securityEvent, startTestMonitor, t0 } from './monitor-lab.ts';

const { broker, pumpServerHl7 } = securityOrigins;

describe('repeated TLS failures', () => {
  it('raises a high alert on the third failure from one source within 60 s, across servers', () => {
    const { monitor } = startTestMonitor();
    const failure = (at: number) => securityEvent({ kind: 'tls-failure', source: '127.70.0.9:4000' }, at);
    monitor.observe(broker, failure(t0));
    monitor.observe(pumpServerHl7, failure(t0 + 20_000));
    expect(monitor.alerts.query()).toEqual([]);
    monitor.observe(broker, failure(t0 + 40_000));
    const [alert] = monitor.alerts.query({ kind: 'repeated-tls-failures' });
    expect(alert).toMatchObject({ severity: 'high', source: { address: '127.70.0.9', zone: 'outside' } });
    expect(alert?.evidence.map((item) => item.origin)).toEqual([broker, pumpServerHl7, broker]);
  });

  it('does not add up failures further apart than the window, nor from different sources', () => {
    const { monitor } = startTestMonitor();
    for (const [source, at] of [
      ['127.70.0.9:1', t0],
      ['127.70.0.9:2', t0 + 30_000],
      ['127.70.0.9:3', t0 + 61_000],
      ['127.70.0.8:1', t0 + 61_000],
    ] as const)
      monitor.observe(broker, securityEvent({ kind: 'tls-failure', source }, at));
    expect(monitor.alerts.query()).toEqual([]);
  });

  it('attributes a forwarded flow to the real client through resolveSource', () => {
    const gatewaySide = '127.20.0.1:50000';
    const { monitor } = startTestMonitor({
      resolveSource: (source) =>
        source === gatewaySide ? { address: '127.40.0.55', zone: 'enterprise' } : undefined,
    });
    for (let i = 0; i < 3; i += 1)
      monitor.observe(broker, securityEvent({ kind: 'tls-failure', source: gatewaySide }, t0 + i));
    expect(monitor.alerts.query()[0]?.source).toEqual({ address: '127.40.0.55', zone: 'enterprise' });
  });
});

describe('topic abuse', () => {
  it('raises a high alert for a publish outside the client’s topics, naming identity and topic', () => {
    const { monitor } = startTestMonitor();
    const topic = 'pumplab/v1/pumps/PL00002/events';
    monitor.observe(
      broker,
      securityEvent({
        kind: 'publish-denied',
        code: 'BROKER_PUBLISH_DENIED',
        source: '127.10.0.11:5000',
        identity: 'PL00001',
        clientId: 'PL00001',
        topic,
      }),
    );
    const [alert] = monitor.alerts.query({ kind: 'topic-abuse' });
    expect(alert).toMatchObject({
      severity: 'high',
      source: { address: '127.10.0.11', zone: 'pump-network' },
    });
    expect(alert?.evidence[0]?.summary).toContain('identity PL00001');
    expect(alert?.evidence[0]?.summary).toContain(`topic ${topic}`);
  });

  it('raises for a refused subscription, and not for other broker refusals', () => {
    const { monitor } = startTestMonitor();
    monitor.observe(
      broker,
      securityEvent({ kind: 'schema-rejected', source: '127.10.0.12:1', identity: 'PL00003' }),
    );
    monitor.observe(
      broker,
      securityEvent({ kind: 'subscribe-denied', source: '127.10.0.12:1', identity: 'PL00003', topic: '#' }),
    );
    expect(monitor.alerts.query().map((alert) => alert.kind)).toEqual(['topic-abuse']);
  });

  it('leaves the refusal’s free-text detail out of the evidence (it may quote a payload)', () => {
    const { monitor } = startTestMonitor();
    const detail = 'payload {"patient":"MRN100004"} refused';
    monitor.observe(broker, securityEvent({ kind: 'publish-denied', source: '127.10.0.13:1', detail }));
    expect(JSON.stringify(monitor.alerts.query())).not.toContain('MRN100004');
  });
});
