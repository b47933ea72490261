import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../gateway/monitor/alert.ts';
import { detect } from '../../../scenarios/engine/detection.ts';
import { t0 } from './run-record-fixture.ts';

const alert = (id: number, address: string, at: number, kind: Alert['kind'] = 'port-scan'): Alert => ({
  id,
  at,
  kind,
  severity: 'high',
  reason: `${address} probed 6 services`,
  source: { address, zone: 'enterprise' },
  evidence: [],
});

describe('detection', () => {
  const run = { start: t0, end: t0 + 600_000 };

  it("keeps the alerts whose source is the attacker's address, raised during the run, one per kind", () => {
    const alerts = [
      alert(1, '127.40.0.200', t0 + 1_000),
      alert(2, '127.40.0.200', t0 + 2_000),
      alert(3, '127.40.0.200', t0 + 3_000, 'connection-burst'),
      alert(4, '127.40.0.7', t0 + 1_000),
      alert(5, '127.40.0.200', t0 - 1),
    ];
    const detection = detect(alerts, ['127.40.0.200'], run);
    expect(detection.detected).toBe(true);
    expect(detection.alerts.map((a) => a.kind)).toEqual(['port-scan', 'connection-burst']);
    expect(detection.alerts[0]).toEqual({
      kind: 'port-scan',
      severity: 'high',
      reason: '127.40.0.200 probed 6 services',
      at: t0 + 1_000,
    });
  });

  it('is not detected when the monitor raised nothing about the attacker', () => {
    expect(detect([alert(1, '127.40.0.7', t0 + 1_000)], ['127.40.0.200'], run)).toEqual({
      detected: false,
      alerts: [],
    });
  });
});
