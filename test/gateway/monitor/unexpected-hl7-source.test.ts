import { describe, expect, it } from 'vitest';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { decision, securityEvent, startTestMonitor } from './monitor-lab.ts';

describe('unexpected HL7 sources', () => {
  it('raises a high alert when a flow from the enterprise zone reaches the pump server’s HL7 service', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision('127.40.0.10', 'hl7', 'allow'));
    const [alert] = monitor.alerts.query({ kind: 'unexpected-hl7-source' });
    expect(alert).toMatchObject({ severity: 'high', source: { address: '127.40.0.10', zone: 'enterprise' } });
    expect(alert?.evidence).toHaveLength(1);
  });

  it('stays quiet for the workflow’s own HL7 flows, and for refused flows', () => {
    const { monitor, decisions } = startTestMonitor();
    decisions.record(decision('127.30.0.20', 'hl7', 'allow'));
    decisions.record(decision('127.20.0.10', 'ehr-hl7', 'allow'));
    decisions.record(decision('127.40.0.10', 'hl7', 'deny'));
    // The refused flow is a denied-flow alert, not an HL7 one.
    expect(monitor.alerts.query({ kind: 'unexpected-hl7-source' })).toEqual([]);
  });

  it('uses the configured expected zones', () => {
    const { monitor, decisions } = startTestMonitor({
      expectedHl7Sources: { hl7: ['clinical-systems', 'biomed'] },
    });
    decisions.record(decision('127.50.0.10', 'hl7', 'allow'));
    decisions.record(decision('127.40.0.10', 'ehr-hl7', 'allow'));
    expect(monitor.alerts.query().map((alert) => alert.source.zone)).toEqual(['enterprise']);
  });

  it('raises medium for a message an HL7 listener rejected from an unexpected zone, low from an expected one', () => {
    const { monitor } = startTestMonitor();
    const rejected = (source: string) =>
      securityEvent({ kind: 'rejected', source, messageType: 'RGV^O15', controlId: 'C1' });
    monitor.observe(securityOrigins.pumpServerHl7, rejected('127.40.0.10:3000'));
    monitor.observe(securityOrigins.pumpServerHl7, rejected('127.30.0.20:3000'));
    monitor.observe(securityOrigins.ehrHl7, securityEvent({ kind: 'garbage', source: '127.70.0.10:1' }));
    const found = monitor.alerts.query().map((alert) => [alert.source.zone, alert.severity]);
    expect(found).toEqual([
      ['outside', 'medium'],
      ['clinical-systems', 'low'],
      ['enterprise', 'medium'],
    ]);
    expect(monitor.alerts.query()[2]?.evidence[0]?.summary).toContain('message RGV^O15 #C1');
  });

  it('ignores the broker’s malformed packets and HL7 refusals that are not about content', () => {
    const { monitor } = startTestMonitor();
    monitor.observe(securityOrigins.broker, securityEvent({ kind: 'malformed', source: '127.40.0.10:1' }));
    monitor.observe(
      securityOrigins.pumpServerHl7,
      securityEvent({ kind: 'read-timeout', source: '127.40.0.10:2' }),
    );
    expect(monitor.alerts.query()).toEqual([]);
  });
});
