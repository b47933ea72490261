import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { createLogger } from '../../../core/logger.ts';
import { DecisionLog } from '../../../gateway/enforcement/decision-log.ts';
import { startMonitor } from '../../../gateway/monitor/monitor.ts';
import { securityOrigins } from '../../../gateway/monitor/observations.ts';
import { decision, securityEvent, startTestMonitor, t0, topology } from './monitor-lab.ts';

/** A logger whose lines are kept, parsed, for assertions. */
function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

const scan = (decisions: DecisionLog, address: string, at = t0): void => {
  for (const service of ['mqtt', 'rest', 'hl7']) decisions.record(decision(address, service, 'deny', at));
};

describe('the security monitor', () => {
  it('logs each alert at warn with its kind, source and reason, never its evidence', () => {
    const { logger, lines } = capturedLogger();
    const { decisions } = startTestMonitor({ logger });
    scan(decisions, '127.40.0.200');
    // The first refusal is a denied-flow alert; the third service completes the port scan.
    expect(lines.map((line) => (line['alert'] as { kind: string }).kind)).toEqual([
      'denied-flow',
      'port-scan',
    ]);
    expect(lines[1]).toMatchObject({
      level: 40,
      component: 'monitor',
      alert: { kind: 'port-scan', severity: 'high' },
    });
    expect(lines[1]?.['msg']).toMatch(/127\.40\.0\.200 \(enterprise\) tried 3 services/);
    expect(JSON.stringify(lines)).not.toContain('evidence');
  });

  it('streams alerts live to subscribers, stamped with the lab clock', () => {
    const { monitor, decisions, clock } = startTestMonitor();
    const streamed: number[] = [];
    monitor.alerts.subscribe((alert) => streamed.push(alert.at));
    clock.advance(5_000);
    scan(decisions, '127.40.0.200', clock.now());
    expect(streamed).toEqual([t0 + 5_000, t0 + 5_000]); // denied-flow, then port-scan
  });

  it('stops watching when closed', () => {
    const { monitor, decisions } = startTestMonitor();
    monitor.close();
    scan(decisions, '127.40.0.200');
    monitor.observe(
      securityOrigins.broker,
      securityEvent({ kind: 'publish-denied', source: '127.10.0.5:1' }),
    );
    expect(monitor.alerts.query()).toEqual([]);
  });

  it('logs a fault in an observation instead of throwing it back into the server that emitted it', () => {
    const { logger, lines } = capturedLogger();
    const { monitor } = startTestMonitor({
      logger,
      resolveSource: () => {
        throw new Error('flow table unavailable');
      },
    });
    expect(() =>
      monitor.observe('pump-server-broker', securityEvent({ kind: 'tls-failure', source: 'x:1' })),
    ).not.toThrow();
    expect(lines.map((line) => line['level'])).toEqual([50]);
  });

  it('takes its thresholds from options, and refuses ones that are not positive integers', () => {
    const { monitor, decisions } = startTestMonitor({ thresholds: { scanServices: 2 } });
    decisions.record(decision('127.40.0.200', 'mqtt', 'allow'));
    decisions.record(decision('127.40.0.200', 'rest', 'allow'));
    expect(monitor.alerts.query({ kind: 'port-scan' })).toHaveLength(1);
    const start = () =>
      startMonitor({
        topology,
        decisions: new DecisionLog(),
        clock: new ManualClock(t0),
        thresholds: { scanWindowMs: 0 },
      });
    expect(start).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('still sees a scan after a flood from 20,000 spoofed sources beyond its tracking cap', () => {
    const { monitor, decisions } = startTestMonitor({ thresholds: { maxTrackedSources: 1_000 } });
    for (let i = 0; i < 20_000; i += 1)
      decisions.record(decision(`127.70.${Math.floor(i / 250)}.${i % 250}`, 'mqtt', 'deny', t0 + i));
    scan(decisions, '127.40.0.200', t0 + 20_000);
    // Each spoofed source was refused into a clinical zone (a denied-flow alert each); nothing else fired.
    const others = monitor.alerts.query({ limit: 10_000 }).filter((alert) => alert.kind !== 'denied-flow');
    expect(others.map((alert) => alert.source.address)).toEqual(['127.40.0.200']);
  });

  it('uses the monitor’s clock when an event’s time cannot be read', () => {
    const { monitor } = startTestMonitor();
    const event = { ...securityEvent({ kind: 'publish-denied', source: '127.10.0.5:1' }), at: 'not a time' };
    monitor.observe(securityOrigins.broker, event);
    expect(monitor.alerts.query()[0]?.evidence[0]?.at).toBe(t0);
  });
});
