import type { DecisionRecord } from '../../enforcement/decision-log.ts';
import type { Alert } from '../alert.ts';
import type { AdmissionObservation, ResolvedSecurityEvent } from '../observations.ts';

/** An alert a detector wants raised; the monitor numbers, stamps and de-duplicates it. */
export interface AlertDraft extends Omit<Alert, 'id' | 'at'> {
  /** Lab time of the observation that completed it. */
  seenAt: number;
  /** How long the same kind from the same source address stays quiet after this is raised. */
  quietMs: number;
}

/**
 * One thing a security team watches for. A detector is fed observations and answers with alerts; it
 * never blocks (monitoring detects; the gateway enforces). Each hook it lacks is a feed it ignores.
 */
export interface Detector {
  decision?(decision: DecisionRecord): AlertDraft[];
  securityEvent?(event: ResolvedSecurityEvent): AlertDraft[];
  admission?(record: AdmissionObservation): AlertDraft[];
}

/** A window for a reason sentence: `60 s`. */
export const seconds = (ms: number): string => `${ms / 1000} s`;
