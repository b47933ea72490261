import { eventEvidence, newest } from '../evidence.ts';
import type { ResolvedSecurityEvent } from '../observations.ts';
import { SourceWindows } from '../state/source-windows.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import { seconds, type AlertDraft, type Detector } from './detector.ts';

/**
 * Repeated TLS handshake failures from one source (devices and servers authenticate with lab
 * certificates). One failure is a misconfigured client; several in a minute is a device without a
 * valid certificate trying anyway, or someone probing the mutual-TLS endpoints.
 */
export class RepeatedTlsFailuresDetector implements Detector {
  private readonly failures: SourceWindows<ResolvedSecurityEvent>;

  constructor(private readonly thresholds: MonitorThresholds) {
    const perSource = Math.max(thresholds.tlsFailures, thresholds.maxEvidence);
    this.failures = new SourceWindows(thresholds.tlsWindowMs, perSource, thresholds.maxTrackedSources);
  }

  securityEvent(event: ResolvedSecurityEvent): AlertDraft[] {
    if (event.event.kind !== 'tls-failure') return [];
    const failures = this.failures.add(event.source.address, event);
    if (failures.length < this.thresholds.tlsFailures) return [];
    return [
      {
        kind: 'repeated-tls-failures',
        severity: 'high',
        reason:
          `${failures.length} TLS handshakes from ${event.source.address} (${event.source.zone}) failed ` +
          `within ${seconds(this.thresholds.tlsWindowMs)}.`,
        source: event.source,
        evidence: newest(failures, this.thresholds.maxEvidence).map(eventEvidence),
        seenAt: event.at,
        quietMs: this.thresholds.tlsWindowMs,
      },
    ];
  }
}
