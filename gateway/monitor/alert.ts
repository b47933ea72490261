/** How urgently a security team should look. */
export const alertSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** True when `severity` is `minimum` or more urgent. @example atLeast('high', 'medium') // true */
export const atLeast = (severity: AlertSeverity, minimum: AlertSeverity): boolean =>
  alertSeverities.indexOf(severity) >= alertSeverities.indexOf(minimum);

/** What the monitor recognised (one detector each). */
export const alertKinds = [
  'port-scan',
  'wrong-zone-device',
  'topic-abuse',
  'unexpected-hl7-source',
  'repeated-tls-failures',
  'connection-burst',
  'quarantined-device',
  'denied-flow',
] as const;
export type AlertKind = (typeof alertKinds)[number];

/** One piece of what the monitor saw: a gateway decision, a server's security event, an admission. */
export interface AlertEvidence {
  /** Lab time, ms since the epoch. */
  at: number;
  /** Where it was seen: `gateway`, `pump-server-broker`, `pump-server-hl7`, `ehr-hl7`, `admission`. */
  origin: string;
  /** One line, with no patient data. */
  summary: string;
}

/** An alert raised by the monitor: it detects; it never blocks. */
export interface Alert {
  /** Rising from 1 within a monitor's life. */
  id: number;
  /** Lab time it was raised, ms since the epoch. */
  at: number;
  kind: AlertKind;
  severity: AlertSeverity;
  /** One sentence a security analyst can act on. */
  reason: string;
  /** The real source: its address and zone (after undoing the gateway's forwarding). */
  source: { address: string; zone: string };
  evidence: AlertEvidence[];
}
