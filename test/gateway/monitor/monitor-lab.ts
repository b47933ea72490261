import { onTestFinished } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { DecisionLog, type DecisionRecord } from '../../../gateway/enforcement/decision-log.ts';
import type { Verdict } from '../../../gateway/policy/policy-schema.ts';
import { startMonitor, type Monitor, type MonitorOptions } from '../../../gateway/monitor/monitor.ts';
import type { ServerSecurityEvent } from '../../../gateway/monitor/observations.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';

/** The shipped topology: enterprise is 127.40/16, pump-network 127.10/16, and so on. */
export const topology = readTopologyFile();

/** Lab time zero of every monitor test. */
export const t0 = 1_700_000_000_000;

/** A monitor on a real decision log and a manual clock at `t0`, closed after the test. */
export function startTestMonitor(options: Partial<MonitorOptions> = {}): {
  monitor: Monitor;
  decisions: DecisionLog;
  clock: ManualClock;
} {
  const clock = new ManualClock(t0);
  const decisions = new DecisionLog();
  const monitor = startMonitor({ topology, decisions, clock, ...options });
  onTestFinished(() => monitor.close());
  return { monitor, decisions, clock };
}

/** A decision as the gateway records it: `fromAddress` reaching `service`, at lab time `at`. */
export function decision(
  fromAddress: string,
  service: string,
  verdict: Verdict,
  at = t0,
  fromZone = topology.zoneOf(fromAddress),
): DecisionRecord {
  return {
    at,
    fromAddress,
    fromZone,
    toZone: topology.service(service)?.zone ?? 'clinical-servers',
    service,
    verdict,
    rule: { policy: 'test', number: verdict === 'allow' ? 1 : null, line: null, why: 'test rule' },
  };
}

/** A server's security event at lab time `at`, shaped as the broker and MLLP listeners emit them. */
export function securityEvent(
  fields: Omit<ServerSecurityEvent, 'at' | 'detail'> & { detail?: string },
  at = t0,
): ServerSecurityEvent {
  return { at: new Date(at).toISOString(), detail: 'refused in a test', ...fields };
}
