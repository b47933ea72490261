import { describe, expect, it } from 'vitest';
import { decision, startTestMonitor, t0 } from './monitor-lab.ts';

const pump = '127.10.0.77';

describe('connection-burst detection', () => {
  it('raises one medium alert for 50 connections from one source within 5 s', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let i = 0; i < 60; i += 1) decisions.record(decision(pump, 'mqtt', 'allow', t0 + i * 50));
    const bursts = monitor.alerts.query({ kind: 'connection-burst' });
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ severity: 'medium', source: { address: pump, zone: 'pump-network' } });
    expect(bursts[0]?.evidence).toHaveLength(20);
  });

  it('stays quiet for 49 connections, and for 50 spread over more than 5 s', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let i = 0; i < 49; i += 1) decisions.record(decision(pump, 'mqtt', 'allow', t0 + i));
    for (let i = 0; i < 50; i += 1) decisions.record(decision('127.10.0.78', 'mqtt', 'allow', t0 + i * 200));
    expect(monitor.alerts.query({ kind: 'connection-burst' })).toEqual([]);
  });

  it('counts denied connections too', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let i = 0; i < 50; i += 1) decisions.record(decision('127.70.0.9', 'rest', 'deny', t0 + i));
    expect(monitor.alerts.query({ kind: 'connection-burst' })).toHaveLength(1);
  });
});
