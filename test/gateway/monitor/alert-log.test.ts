import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../gateway/monitor/alert.ts';
import { AlertLog, alertQuerySchema } from '../../../gateway/monitor/alert-log.ts';

const draft = (at: number, kind: Alert['kind'], severity: Alert['severity']): Omit<Alert, 'id'> => ({
  at,
  kind,
  severity,
  reason: 'test',
  source: { address: '127.40.0.1', zone: 'enterprise' },
  evidence: [],
});

describe('the alert log', () => {
  it('numbers alerts from 1 as they are raised', () => {
    const log = new AlertLog();
    expect([
      log.raise(draft(1, 'port-scan', 'high')).id,
      log.raise(draft(2, 'topic-abuse', 'high')).id,
    ]).toEqual([1, 2]);
  });

  it('queries by kind, minimum severity, since and limit, newest first', () => {
    const log = new AlertLog();
    log.raise(draft(1, 'port-scan', 'medium'));
    log.raise(draft(2, 'port-scan', 'high'));
    log.raise(draft(3, 'unexpected-hl7-source', 'low'));
    log.raise(draft(4, 'repeated-tls-failures', 'critical'));
    expect(log.query({ kind: 'port-scan' }).map((a) => a.at)).toEqual([2, 1]);
    expect(log.query({ severity: 'high' }).map((a) => a.at)).toEqual([4, 2]);
    expect(log.query({ severity: 'low', since: 2, limit: 2 }).map((a) => a.at)).toEqual([4, 3]);
  });

  it('keeps only its capacity', () => {
    const log = new AlertLog(2);
    for (let at = 1; at <= 5; at += 1) log.raise(draft(at, 'port-scan', 'low'));
    expect(log.query().map((a) => a.id)).toEqual([5, 4]);
  });

  it('rejects unknown fields and out-of-range limits at the boundary', () => {
    expect(alertQuerySchema.safeParse({ verdict: 'deny' }).success).toBe(false);
    expect(alertQuerySchema.safeParse({ severity: 'urgent' }).success).toBe(false);
    expect(alertQuerySchema.safeParse({ limit: 10_001 }).success).toBe(false);
    expect(alertQuerySchema.parse({}).limit).toBe(100);
  });
});
