import { quarantineZone } from '../../admission/admission-table.ts';
import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import type { AlertEvidence } from '../alert.ts';
import { admissionEvidence, decisionEvidence, eventEvidence } from '../evidence.ts';
import type { AdmissionObservation, ResolvedSecurityEvent, SourcePlace } from '../observations.ts';
import { behindGateway } from '../source-resolution.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import type { AlertDraft, Detector } from './detector.ts';

/** Where pumps belong (SP 1800-8 Vol B 4.2: the wireless clinical device VLAN). */
export const pumpZone = 'pump-network';

/** A pump serial (`PL00001`), its PKI name (`pump-PL00001`) or its SAN URI (`urn:pumplab:pump:PL00001`). */
const pumpIdentityPattern = /^(?:urn:pumplab:pump:[A-Za-z0-9-]{1,32}|(?:pump-)?PL\d{5,})$/;

/** True when `identity` names a pump. */
export const isPumpIdentity = (identity: string | undefined): identity is string =>
  identity !== undefined && pumpIdentityPattern.test(identity);

/**
 * Devices out of place: a pump identity seen from outside the pump network (a moved or cloned pump,
 * or a stolen pump certificate), and a quarantined device, held back by the gateway, still trying.
 */
export class WrongZoneDeviceDetector implements Detector {
  constructor(private readonly thresholds: MonitorThresholds) {}

  decision(decision: DecisionRecord): AlertDraft[] {
    if (decision.fromZone !== quarantineZone) return [];
    const allowed = decision.verdict === 'allow';
    const source = { address: decision.fromAddress, zone: decision.fromZone };
    const reason =
      `${decision.fromAddress}, held in quarantine, tried ${decision.service} (${decision.toZone}); ` +
      (allowed ? 'the policy let it through.' : 'the policy refused it.');
    // Allowed out of quarantine means the policy itself is wrong: more urgent than a refused try.
    return [
      this.draft(
        'quarantined-device',
        allowed ? 'high' : 'medium',
        reason,
        source,
        decisionEvidence(decision),
      ),
    ];
  }

  securityEvent(event: ResolvedSecurityEvent): AlertDraft[] {
    const pump = [event.event.identity, event.event.clientId].find(isPumpIdentity);
    if (!pump || !this.outOfPlace(event.source.zone)) return [];
    return [this.wrongZone(pump, event.source, eventEvidence(event))];
  }

  admission(record: AdmissionObservation): AlertDraft[] {
    const source = { address: record.address, zone: record.zone };
    const evidence = admissionEvidence(record);
    const drafts: AlertDraft[] = [];
    if (record.verdict === 'quarantined') {
      const who = record.identity ? ` (${record.identity})` : '';
      const reason = `${record.address}${who} was quarantined: ${record.reason}.`;
      drafts.push(this.draft('quarantined-device', 'high', reason, source, evidence));
    }
    if (record.verdict !== 'evicted' && isPumpIdentity(record.identity) && this.outOfPlace(record.zone))
      drafts.push(this.wrongZone(record.identity, source, evidence));
    return drafts;
  }

  /** Quarantine has its own alert; a source behind the gateway has no zone to judge. */
  private outOfPlace(zone: string): boolean {
    return zone !== pumpZone && zone !== quarantineZone && zone !== behindGateway;
  }

  private wrongZone(pump: string, source: SourcePlace, evidence: AlertEvidence): AlertDraft {
    const reason = `Pump ${pump} appears at ${source.address} in ${source.zone}, not in the ${pumpZone}.`;
    return this.draft('wrong-zone-device', 'high', reason, source, evidence);
  }

  private draft(
    kind: AlertDraft['kind'],
    severity: AlertDraft['severity'],
    reason: string,
    source: SourcePlace,
    evidence: AlertEvidence,
  ): AlertDraft {
    return {
      kind,
      severity,
      reason,
      source,
      evidence: [evidence],
      seenAt: evidence.at,
      quietMs: this.thresholds.repeatQuietMs,
    };
  }
}
