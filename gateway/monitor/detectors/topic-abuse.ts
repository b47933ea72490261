import { eventEvidence } from '../evidence.ts';
import type { ResolvedSecurityEvent } from '../observations.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import type { AlertDraft, Detector } from './detector.ts';

const refusedActions: Readonly<Record<string, string>> = {
  'publish-denied': 'publish on',
  'subscribe-denied': 'subscribe to',
};

/**
 * A client publishing or subscribing outside its own topics (SP 1800-8 Vol B 4.5: a pump speaks only
 * under its own serial). The broker already refused it; an authenticated client trying is a stolen
 * or cloned identity, or a compromised device reaching for other pumps' commands.
 */
export class TopicAbuseDetector implements Detector {
  constructor(private readonly thresholds: MonitorThresholds) {}

  securityEvent(event: ResolvedSecurityEvent): AlertDraft[] {
    const action = refusedActions[event.event.kind];
    if (!action) return [];
    const who = event.event.identity ?? event.event.clientId ?? 'an unidentified client';
    return [
      {
        kind: 'topic-abuse',
        severity: 'high',
        reason:
          `${who} at ${event.source.address} (${event.source.zone}) was refused to ${action} ` +
          `${event.event.topic ?? 'a topic'}, outside its own topics.`,
        source: event.source,
        evidence: [eventEvidence(event)],
        seenAt: event.at,
        quietMs: this.thresholds.repeatQuietMs,
      },
    ];
  }
}
