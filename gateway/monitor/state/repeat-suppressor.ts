import { atLeast, type AlertKind, type AlertSeverity } from '../alert.ts';
import { BoundedMap } from './bounded-map.ts';

/** What the suppressor needs of an alert about to be raised. */
export interface Raisable {
  kind: AlertKind;
  severity: AlertSeverity;
  source: { address: string };
  seenAt: number;
  quietMs: number;
}

/**
 * Lets the same alert (kind and source address) through once per quiet period, so a scan of a
 * thousand ports is a few alerts, not a thousand. A more severe one passes at once: an analyst must
 * hear when a scan that was only succeeding starts hitting refused services.
 */
export class RepeatSuppressor {
  private readonly raised: BoundedMap<string, { at: number; severity: AlertSeverity }>;

  constructor(maxSources: number) {
    this.raised = new BoundedMap(maxSources);
  }

  /** True when `alert` should be raised; remembers it if so. */
  admit(alert: Raisable): boolean {
    const key = `${alert.kind} ${alert.source.address}`;
    const last = this.raised.get(key);
    const quiet = last && alert.seenAt - last.at < alert.quietMs;
    if (quiet && atLeast(last.severity, alert.severity)) return false;
    this.raised.set(key, { at: alert.seenAt, severity: alert.severity });
    return true;
  }
}
