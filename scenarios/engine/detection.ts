import type { Alert } from '../../gateway/monitor/alert.ts';
import type { Detection } from './outcome.ts';
import type { TimeWindow } from './run-record.ts';

/**
 * Whether the monitor saw the attacker: the alerts raised during the run whose real source is an
 * address the attacker used. One entry per kind (the first raised): a monitor may raise a kind
 * again as a flood goes on, and how often it did is not what a trainer asks.
 *
 * @example detect(lab.observe.alerts(), ['127.40.0.200'], { start, end }).detected
 */
export function detect(alerts: readonly Alert[], addresses: readonly string[], run: TimeWindow): Detection {
  const used = new Set(addresses);
  const first = new Map<string, Alert>();
  for (const alert of [...alerts].sort((a, b) => a.at - b.at || a.id - b.id)) {
    if (!used.has(alert.source.address) || alert.at < run.start || alert.at > run.end) continue;
    if (!first.has(alert.kind)) first.set(alert.kind, alert);
  }
  const found = [...first.values()].map(({ kind, severity, reason, at }) => ({ kind, severity, reason, at }));
  return { detected: found.length > 0, alerts: found };
}
