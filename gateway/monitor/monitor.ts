import type { Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { DecisionLog, DecisionRecord } from '../enforcement/decision-log.ts';
import type { Topology } from '../topology/topology.ts';
import { AlertLog } from './alert-log.ts';
import { clinicalZonesOf } from './clinical-zones.ts';
import { ConnectionBurstDetector } from './detectors/connection-burst.ts';
import { DeniedFlowDetector } from './detectors/denied-flow.ts';
import type { AlertDraft, Detector } from './detectors/detector.ts';
import { PortScanDetector } from './detectors/port-scan.ts';
import { RepeatedTlsFailuresDetector } from './detectors/repeated-tls-failures.ts';
import { TopicAbuseDetector } from './detectors/topic-abuse.ts';
import { defaultExpectedHl7Sources, UnexpectedHl7SourceDetector } from './detectors/unexpected-hl7-source.ts';
import { WrongZoneDeviceDetector } from './detectors/wrong-zone-device.ts';
import type { AdmissionObservation, ServerSecurityEvent } from './observations.ts';
import { sourcePlace, type ResolveSource } from './source-resolution.ts';
import { RepeatSuppressor } from './state/repeat-suppressor.ts';
import { resolveThresholds, type MonitorThresholds } from './thresholds.ts';

export interface MonitorOptions {
  topology: Topology;
  /** The gateway's decision log; the monitor subscribes to it. */
  decisions: DecisionLog;
  clock: Clock;
  logger?: Logger;
  /** Undoes the gateway's forwarding: a server-seen `address:port` → the real client. */
  resolveSource?: ResolveSource;
  thresholds?: Partial<MonitorThresholds>;
  /** HL7 service → the zones expected to send to it; merged over the IHE PCD defaults. */
  expectedHl7Sources?: Record<string, string[]>;
}

/** A running security monitor. It detects and reports; it never blocks a flow. */
export interface Monitor {
  /** Every alert raised: query it, subscribe to it, stream it. */
  readonly alerts: AlertLog;
  /** Feeds one security event a lab server emitted; `origin` names the server (`securityOrigins`). */
  observe(origin: string, event: ServerSecurityEvent): void;
  /** Feeds one admission outcome of the gateway. */
  observeAdmission(record: AdmissionObservation): void;
  /** Stops watching the decision log; later observations are ignored. */
  close(): void;
}

/**
 * Starts the gateway's security monitor, watching the flows and the servers' refusals as a
 * hospital's security monitoring would (SP 1800-8 Vol B 4.2: zones meet only at the gateway, so
 * every crossing is a decision it sees).
 *
 * @example const monitor = startMonitor({ topology, decisions: gateway.decisions, clock });
 *          broker.securityEvents.on('event', (event) => monitor.observe(securityOrigins.broker, event));
 */
export function startMonitor(options: MonitorOptions): Monitor {
  const thresholds = resolveThresholds(options.thresholds);
  const logger = (options.logger ?? silentLogger).child({ component: 'monitor' });
  const expectedHl7 = { ...defaultExpectedHl7Sources, ...options.expectedHl7Sources };
  const detectors: Detector[] = [
    new PortScanDetector(thresholds),
    new ConnectionBurstDetector(thresholds),
    new UnexpectedHl7SourceDetector(expectedHl7, thresholds),
    new RepeatedTlsFailuresDetector(thresholds),
    new TopicAbuseDetector(thresholds),
    new WrongZoneDeviceDetector(thresholds),
    new DeniedFlowDetector(clinicalZonesOf(options.topology), thresholds),
  ];
  const alerts = new AlertLog();
  const suppressor = new RepeatSuppressor(thresholds.maxTrackedSources);
  let closed = false;

  const raise = ({ seenAt: _seenAt, quietMs: _quietMs, ...draft }: AlertDraft): void => {
    const alert = alerts.raise({ at: options.clock.now(), ...draft });
    // The reason and where, never the evidence: it may name identities the log need not keep.
    const { id, kind, severity, source } = alert;
    logger.warn({ alert: { id, kind, severity, source } }, alert.reason);
  };
  const feed = (detect: (detector: Detector) => AlertDraft[] | undefined): void => {
    for (const detector of detectors)
      for (const draft of detect(detector) ?? []) if (suppressor.admit(draft)) raise(draft);
  };
  /** Runs one observation; a fault is logged, never thrown back into the gateway or a server. */
  const safely = (what: string, run: () => void): void => {
    if (closed) return;
    try {
      run();
    } catch (error) {
      logger.error({ err: error, what }, 'monitor failed on an observation');
    }
  };

  const stop = options.decisions.subscribe((decision: DecisionRecord) =>
    safely('decision', () => feed((detector) => detector.decision?.(decision))),
  );
  return {
    alerts,
    observe(origin, event) {
      safely(origin, () => {
        const parsed = Date.parse(event.at);
        const at = Number.isNaN(parsed) ? options.clock.now() : parsed;
        const source = sourcePlace(event.source, options.topology, options.resolveSource);
        feed((detector) => detector.securityEvent?.({ at, origin, source, event }));
      });
    },
    observeAdmission(record) {
      safely('admission', () => feed((detector) => detector.admission?.(record)));
    },
    close() {
      closed = true;
      stop();
    },
  };
}
