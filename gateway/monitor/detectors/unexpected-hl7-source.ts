import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import { decisionEvidence, eventEvidence } from '../evidence.ts';
import { hl7ServiceOfOrigin, type ResolvedSecurityEvent } from '../observations.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import type { AlertDraft, Detector } from './detector.ts';

/** Which zones send HL7 to which HL7 service: the IHE PCD workflow of SP 1800-8. */
export const defaultExpectedHl7Sources: Readonly<Record<string, readonly string[]>> = {
  hl7: ['clinical-systems'], // PCD-03 orders from the EHR and point of care
  'ehr-hl7': ['clinical-servers'], // PCD-01 observations from the pump server
};

/** MLLP refusals that mean someone sent the listener something that is not the workflow's HL7. */
const refusedHl7 = new Set(['malformed', 'rejected', 'garbage']);

/**
 * HL7 from an unexpected source. HL7 v2 over MLLP carries no authentication of its own, so an
 * allowed flow from another zone can place orders: high. A refused message is medium from an
 * unexpected zone, low from an expected one (more likely a faulty interface than an attack).
 */
export class UnexpectedHl7SourceDetector implements Detector {
  constructor(
    private readonly expected: Readonly<Record<string, readonly string[]>>,
    private readonly thresholds: MonitorThresholds,
  ) {}

  decision(decision: DecisionRecord): AlertDraft[] {
    const zones = this.expected[decision.service];
    if (decision.verdict !== 'allow' || !zones || zones.includes(decision.fromZone)) return [];
    return [
      {
        kind: 'unexpected-hl7-source',
        severity: 'high',
        reason:
          `${decision.fromAddress} (${decision.fromZone}) reached the HL7 service ${decision.service}, ` +
          `which only ${zones.join(', ')} should send to.`,
        source: { address: decision.fromAddress, zone: decision.fromZone },
        evidence: [decisionEvidence(decision)],
        seenAt: decision.at,
        quietMs: this.thresholds.repeatQuietMs,
      },
    ];
  }

  securityEvent(event: ResolvedSecurityEvent): AlertDraft[] {
    const service = hl7ServiceOfOrigin[event.origin];
    if (!service || !refusedHl7.has(event.event.kind)) return [];
    const expected = this.expected[service]?.includes(event.source.zone) ?? false;
    return [
      {
        kind: 'unexpected-hl7-source',
        severity: expected ? 'low' : 'medium',
        reason:
          `${event.origin} refused ${event.event.kind} HL7 from ${event.source.address} ` +
          `(${event.source.zone})${expected ? '' : ', a zone that should not send it HL7'}.`,
        source: event.source,
        evidence: [eventEvidence(event)],
        seenAt: event.at,
        quietMs: this.thresholds.repeatQuietMs,
      },
    ];
  }
}
