import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.ts';
import type { AdmissionRecord } from '../../../gateway/admission/admission-log.ts';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { SecurityEvents } from '../../../simulators/pump-server/broker/security-events.ts';
import { MllpSecurityEvents } from '../../../simulators/hl7/mllp/mllp-security-events.ts';
import { startTestMonitor, t0 } from './monitor-lab.ts';

// The lab wires the servers' real feeds to the monitor; these tests wire them the same way, so a
// change to either event shape that breaks the wiring fails here (and in the typecheck).
describe('the feeds the lab wires to the monitor', () => {
  it('takes the broker’s security events as they are emitted', () => {
    const { monitor, clock } = startTestMonitor();
    const events = new SecurityEvents(clock, silentLogger);
    events.on('event', (event) => monitor.observe(securityOrigins.broker, event));
    for (let i = 0; i < 3; i += 1) {
      events.raise({
        kind: 'tls-failure',
        code: 'BROKER_TLS_HANDSHAKE_FAILED',
        source: '127.70.0.10:4000',
        detail: 'no certificate',
      });
      clock.advance(1_000);
    }
    const [alert] = monitor.alerts.query();
    expect(alert).toMatchObject({ kind: 'repeated-tls-failures', source: { zone: 'outside' } });
    expect(alert?.evidence.map((item) => item.at)).toEqual([t0, t0 + 1_000, t0 + 2_000]);
  });

  it('takes an MLLP listener’s security events as they are emitted', () => {
    const { monitor, clock } = startTestMonitor();
    const events = new MllpSecurityEvents(clock, silentLogger);
    events.on('event', (event) => monitor.observe(securityOrigins.pumpServerHl7, event));
    events.raise({
      kind: 'rejected',
      code: 'HL7_MESSAGE_TYPE_UNEXPECTED',
      source: '127.40.0.10:1',
      messageType: 'ADT^A01',
      detail: 'wrong type',
    });
    expect(monitor.alerts.query()[0]).toMatchObject({ kind: 'unexpected-hl7-source', severity: 'medium' });
  });

  it('takes the admission log’s records, ignoring evictions', () => {
    const { monitor } = startTestMonitor();
    const records: AdmissionRecord[] = [
      {
        at: t0,
        address: '127.10.0.20',
        zone: 'pump-network',
        identity: 'PL00020',
        verdict: 'evicted',
        reason: 'moved',
      },
      {
        at: t0,
        address: '127.40.0.20',
        zone: 'enterprise',
        identity: 'PL00020',
        verdict: 'quarantined',
        reason: 'outside-pump-zone',
      },
    ];
    for (const record of records) monitor.observeAdmission(record);
    expect(monitor.alerts.query().map((alert) => [alert.kind, alert.source.address])).toEqual([
      ['wrong-zone-device', '127.40.0.20'],
      ['quarantined-device', '127.40.0.20'],
    ]);
  });
});
