import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import { rateLimitRuleName } from '../../enforcement/connection-rate.ts';
import { unknownZone } from '../../topology/topology.ts';
import type { AlertSeverity } from '../alert.ts';
import { decisionEvidence } from '../evidence.ts';
import type { MonitorThresholds } from '../thresholds.ts';
import type { AlertDraft, Detector } from './detector.ts';

/**
 * Source zones whose refused attempts on a clinical zone are `high`: the internet side, vendor
 * remote access, and an address in no zone. None of them is a hospital host that a misconfigured
 * workflow could explain; a refusal from them is someone outside reaching for clinical services.
 */
export const untrustedSourceZones: ReadonlySet<string> = new Set(['outside', 'remote-access', unknownZone]);

/**
 * The rule `policy` the gateway logs a refusal by its connection limit under
 * (gateway/enforcement/service-listener.ts `limitDecision`).
 */
const connectionLimitPolicy = 'gateway';

/** What refused the flow, for the reason sentence. */
function refusedBy(decision: DecisionRecord): string {
  if (decision.rule.policy === rateLimitRuleName) return 'the rate limit';
  if (decision.rule.policy === connectionLimitPolicy) return 'the connection limit';
  return 'the zone policy';
}

/**
 * A flow into a clinical zone that the gateway refused, as a hospital's firewall monitoring alerts
 * on denied attempts into its clinical segments (SP 1800-8 Vol B 4.2: the clinical zones are
 * reached only through the gateway). One refusal is enough: port-scan and connection-burst need
 * several, and an attacker who tries one service once would otherwise pass unseen.
 *
 * Severity: `high` from an untrusted source zone (`untrustedSourceZones`), else `medium`. A
 * quarantined device stays `medium`: holding it back is what quarantine is for, and the
 * quarantined-device alert already reports its tries. The monitor's repeat suppression keeps a
 * flood to one alert per source per `repeatQuietMs`.
 */
export class DeniedFlowDetector implements Detector {
  constructor(
    private readonly clinicalZones: ReadonlySet<string>,
    private readonly thresholds: MonitorThresholds,
  ) {}

  decision(decision: DecisionRecord): AlertDraft[] {
    if (decision.verdict !== 'deny' || !this.clinicalZones.has(decision.toZone)) return [];
    const { fromAddress, fromZone, service, toZone } = decision;
    const by = refusedBy(decision);
    return [
      {
        kind: 'denied-flow',
        severity: deniedFlowSeverity(fromZone),
        reason: `${fromZone} host ${fromAddress} was refused ${service} in ${toZone} by ${by}.`,
        source: { address: fromAddress, zone: fromZone },
        evidence: [decisionEvidence(decision)],
        seenAt: decision.at,
        quietMs: this.thresholds.repeatQuietMs,
      },
    ];
  }
}

/**
 * How urgent a refused flow into a clinical zone is, by its source zone.
 *
 * @example deniedFlowSeverity('outside') // 'high'; deniedFlowSeverity('enterprise') // 'medium'
 */
export const deniedFlowSeverity = (fromZone: string): AlertSeverity =>
  untrustedSourceZones.has(fromZone) ? 'high' : 'medium';
