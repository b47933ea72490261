import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import { decisionEvidence, newest } from '../evidence.ts';
import { SourceWindows } from '../state/source-windows.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import { seconds, type AlertDraft, type Detector } from './detector.ts';

/**
 * A port scan: one source address touching many distinct services in a short time. Allowed and
 * denied attempts both count: under a flat policy a scan succeeds and is still a scan. Severity is
 * high when the policy refused any of them (someone is mapping what segmentation hides).
 */
export class PortScanDetector implements Detector {
  private readonly touched: SourceWindows<DecisionRecord>;

  constructor(private readonly thresholds: MonitorThresholds) {
    // One entry per service (a newer attempt replaces an older), so the window counts distinct ones.
    const perSource = Math.max(thresholds.scanServices, thresholds.maxEvidence);
    this.touched = new SourceWindows(thresholds.scanWindowMs, perSource, thresholds.maxTrackedSources);
  }

  decision(decision: DecisionRecord): AlertDraft[] {
    const touched = this.touched.add(
      decision.fromAddress,
      decision,
      (older) => older.service === decision.service,
    );
    if (touched.length < this.thresholds.scanServices) return [];
    const refused = touched.filter((attempt) => attempt.verdict === 'deny').length;
    const services = touched.map((attempt) => attempt.service).join(', ');
    return [
      {
        kind: 'port-scan',
        severity: refused > 0 ? 'high' : 'medium',
        reason:
          `${decision.fromAddress} (${decision.fromZone}) tried ${touched.length} services within ` +
          `${seconds(this.thresholds.scanWindowMs)} (${services}); ${refused} refused by policy.`,
        source: { address: decision.fromAddress, zone: decision.fromZone },
        evidence: newest(touched, this.thresholds.maxEvidence).map(decisionEvidence),
        seenAt: decision.at,
        quietMs: this.thresholds.scanWindowMs,
      },
    ];
  }
}
