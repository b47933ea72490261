import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import { decisionEvidence, newest } from '../evidence.ts';
import { SourceWindows } from '../state/source-windows.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import { seconds, type AlertDraft, type Detector } from './detector.ts';

/**
 * A burst: many connections from one source in a few seconds, allowed or not. A pump holds one MQTT
 * session; dozens of connections a second is a flood, a brute force or a broken client.
 */
export class ConnectionBurstDetector implements Detector {
  private readonly recent: SourceWindows<DecisionRecord>;

  constructor(private readonly thresholds: MonitorThresholds) {
    // Only the newest `burstConnections` matter: when they all fit in the window, it is a burst.
    const perSource = Math.max(thresholds.burstConnections, thresholds.maxEvidence);
    this.recent = new SourceWindows(thresholds.burstWindowMs, perSource, thresholds.maxTrackedSources);
  }

  decision(decision: DecisionRecord): AlertDraft[] {
    const recent = this.recent.add(decision.fromAddress, decision);
    if (recent.length < this.thresholds.burstConnections) return [];
    return [
      {
        kind: 'connection-burst',
        severity: 'medium',
        reason:
          `${decision.fromAddress} (${decision.fromZone}) opened ${recent.length} connections within ` +
          `${seconds(this.thresholds.burstWindowMs)}.`,
        source: { address: decision.fromAddress, zone: decision.fromZone },
        evidence: newest(recent, this.thresholds.maxEvidence).map(decisionEvidence),
        seenAt: decision.at,
        quietMs: this.thresholds.burstWindowMs,
      },
    ];
  }
}
