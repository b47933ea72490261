import { describe, expect, it } from 'vitest';
import { defaultConnectionRate, rateLimitRule } from '../../../gateway/enforcement/connection-rate.ts';
import { clinicalZonesOf } from '../../../gateway/monitor/clinical-zones.ts';
import { parseTopology } from '../../../gateway/topology/topology.ts';
import { decision, startTestMonitor, t0, topology } from './monitor-lab.ts';

const laptop = '127.40.0.200';

/** A trainer's topology: clinical components in zones named differently, and a non-clinical service. */
const renamedTopology = parseTopology(`
version: 1
zones:
  - { name: wards, range: 127.10.0.0/16, gateway: 127.10.0.1 }
  - { name: icu-servers, range: 127.20.0.0/16, gateway: 127.20.0.1 }
  - { name: offices, range: 127.40.0.0/16, gateway: 127.40.0.1 }
components:
  - { name: pump, zone: wards, address: 127.10.0.10 }
  - { name: pump-server, zone: icu-servers, address: 127.20.0.10 }
  - { name: print-server, zone: offices, address: 127.40.0.10 }
services:
  - { name: mqtt, protocol: tcp, port: 8883, component: pump-server }
  - { name: printing, protocol: tcp, port: 631, component: print-server }
`);

describe('denied-flow detection', () => {
  it('raises a medium alert for one refused flow from the enterprise zone into a clinical zone', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision(laptop, 'mqtt', 'deny'));
    const [alert, ...others] = monitor.alerts.query({ kind: 'denied-flow' });
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      at: t0,
      severity: 'medium',
      source: { address: laptop, zone: 'enterprise' },
      reason: 'enterprise host 127.40.0.200 was refused mqtt in clinical-servers by the zone policy.',
    });
    expect(alert?.evidence).toEqual([
      {
        at: t0,
        origin: 'gateway',
        summary: '127.40.0.200 (enterprise) → mqtt (clinical-servers): deny by test default',
      },
    ]);
  });

  it('is high from outside, remote access and an address in no zone; medium from other zones', () => {
    const { monitor, decisions } = startTestMonitor();
    const sources = ['127.70.0.10', '127.60.0.10', '127.0.0.9', '127.50.0.10', '127.10.0.10'];
    for (const address of sources) decisions.record(decision(address, 'rest', 'deny'));
    decisions.record(decision('127.10.0.99', 'mqtt', 'deny', t0, 'quarantine'));
    const found = monitor.alerts.query({ kind: 'denied-flow' }).reverse();
    expect(found.map((alert) => [alert.source.zone, alert.severity])).toEqual([
      ['outside', 'high'],
      ['remote-access', 'high'],
      ['unknown', 'high'],
      ['biomed', 'medium'],
      ['pump-network', 'medium'],
      ['quarantine', 'medium'],
    ]);
  });

  it('watches every clinical zone: the pump network, the clinical servers and the clinical systems', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision('127.40.0.201', 'pump-maintenance', 'deny'));
    decisions.record(decision('127.40.0.202', 'hl7', 'deny'));
    decisions.record(decision('127.40.0.203', 'ehr-rest', 'deny'));
    expect(monitor.alerts.query({ kind: 'denied-flow' }).map((alert) => alert.reason)).toEqual([
      'enterprise host 127.40.0.203 was refused ehr-rest in clinical-systems by the zone policy.',
      'enterprise host 127.40.0.202 was refused hl7 in clinical-servers by the zone policy.',
      'enterprise host 127.40.0.201 was refused pump-maintenance in pump-network by the zone policy.',
    ]);
  });

  it('stays quiet for allowed flows and for refused flows into zones that hold no clinical component', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision(laptop, 'mqtt', 'allow'));
    decisions.record({ ...decision('127.70.0.10', 'mqtt', 'deny'), toZone: 'enterprise', service: 'smb' });
    expect(monitor.alerts.query({ kind: 'denied-flow' })).toEqual([]);
  });

  it('names the rate limit when the rate limit refused the flow', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record({
      ...decision('127.10.0.10', 'mqtt', 'deny'),
      rule: rateLimitRule(defaultConnectionRate),
    });
    expect(monitor.alerts.query({ kind: 'denied-flow' })[0]?.reason).toBe(
      'pump-network host 127.10.0.10 was refused mqtt in clinical-servers by the rate limit.',
    );
  });

  it('names the connection limit when the source’s open connections made the gateway refuse it', () => {
    const { monitor, decisions } = startTestMonitor();
    const rule = {
      policy: 'gateway',
      number: null,
      line: null,
      why: 'source at its connection limit (flat)',
    };
    decisions.record({ ...decision('127.10.0.10', 'mqtt', 'deny'), rule });
    expect(monitor.alerts.query({ kind: 'denied-flow' })[0]?.reason).toBe(
      'pump-network host 127.10.0.10 was refused mqtt in clinical-servers by the connection limit.',
    );
  });

  it('turns a flood of refusals from one source into one alert per 60 s quiet period', () => {
    const { monitor, decisions } = startTestMonitor();
    for (let i = 0; i < 1_000; i += 1) decisions.record(decision(laptop, 'mqtt', 'deny', t0 + i * 100));
    const alerts = monitor.alerts.query({ kind: 'denied-flow' });
    expect(alerts.map((alert) => alert.evidence[0]?.at)).toEqual([t0 + 60_000, t0]);
    for (const alert of alerts) expect(alert.evidence).toHaveLength(1);
  });

  it('keeps sources apart, one alert each, whatever service each was refused', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision('127.40.0.201', 'mqtt', 'deny', t0));
    decisions.record(decision('127.40.0.201', 'hl7', 'deny', t0 + 1_000));
    decisions.record(decision('127.40.0.202', 'mqtt', 'deny', t0 + 2_000));
    const sources = monitor.alerts.query({ kind: 'denied-flow' }).map((alert) => alert.source.address);
    expect(sources).toEqual(['127.40.0.202', '127.40.0.201']);
  });

  it('raises again at once when the same source’s refusals turn more severe', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision(laptop, 'mqtt', 'deny', t0));
    decisions.record(decision(laptop, 'mqtt', 'deny', t0 + 1_000, 'remote-access'));
    decisions.record(decision(laptop, 'mqtt', 'deny', t0 + 2_000));
    const severities = monitor.alerts.query({ kind: 'denied-flow' }).map((alert) => alert.severity);
    expect(severities).toEqual(['high', 'medium']);
  });

  it('forgets the least recent source beyond maxTrackedSources, so its memory stays bounded', () => {
    const { monitor, decisions } = startTestMonitor({ thresholds: { maxTrackedSources: 10 } });
    decisions.record(decision(laptop, 'mqtt', 'deny', t0));
    for (let i = 1; i <= 10; i += 1) decisions.record(decision(`127.70.0.${i}`, 'mqtt', 'deny', t0 + i));
    decisions.record(decision(laptop, 'mqtt', 'deny', t0 + 20));
    const fromLaptop = monitor.alerts
      .query({ kind: 'denied-flow' })
      .filter((a) => a.source.address === laptop);
    expect(fromLaptop).toHaveLength(2);
  });

  it('raises beside port-scan when the refusals of one source make a scan', () => {
    const { monitor, decisions } = startTestMonitor();
    for (const service of ['mqtt', 'rest', 'hl7']) decisions.record(decision(laptop, service, 'deny'));
    expect(monitor.alerts.query().map((alert) => alert.kind)).toEqual(['port-scan', 'denied-flow']);
  });

  it('takes the clinical zones from the topology it is given, not from zone names', () => {
    expect([...clinicalZonesOf(topology)].sort()).toEqual([
      'clinical-servers',
      'clinical-systems',
      'pump-network',
    ]);
    expect([...clinicalZonesOf(renamedTopology)].sort()).toEqual(['icu-servers', 'wards']);
    const { monitor, decisions } = startTestMonitor({ topology: renamedTopology });
    const refused = (address: string, service: string, toZone: string) => ({
      ...decision(address, service, 'deny', t0, renamedTopology.zoneOf(address)),
      toZone,
    });
    decisions.record(refused('127.40.0.50', 'mqtt', 'icu-servers'));
    decisions.record(refused('127.10.0.50', 'printing', 'offices'));
    expect(monitor.alerts.query({ kind: 'denied-flow' }).map((alert) => alert.reason)).toEqual([
      'offices host 127.40.0.50 was refused mqtt in icu-servers by the zone policy.',
    ]);
  });
});
