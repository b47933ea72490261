import type { DecisionRecord } from '../enforcement/decision-log.ts';
import type { AlertEvidence } from './alert.ts';
import type { AdmissionObservation, ResolvedSecurityEvent } from './observations.ts';

/** Whitespace (line breaks included) collapsed, so a summary stays one line on the live stream. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A gateway decision as one line of evidence. */
export function decisionEvidence(decision: DecisionRecord): AlertEvidence {
  const rule = decision.rule.number === null ? 'default' : `rule ${decision.rule.number}`;
  return {
    at: decision.at,
    origin: 'gateway',
    summary:
      `${decision.fromAddress} (${decision.fromZone}) → ${decision.service} (${decision.toZone}): ` +
      `${decision.verdict} by ${decision.rule.policy} ${rule}`,
  };
}

/**
 * A server's security event as one line of evidence. Built from the structured fields only: a
 * refusal's `detail` may quote a rejected payload or HL7 field (patient data), so it is left out,
 * except for TLS failures, whose detail is about certificates.
 */
export function eventEvidence({ at, origin, source, event }: ResolvedSecurityEvent): AlertEvidence {
  const parts = [
    `${event.kind}${event.code ? ` ${event.code}` : ''} from ${source.address} (${source.zone})`,
    event.identity && `identity ${event.identity}`,
    event.clientId && event.clientId !== event.identity && `client ${event.clientId}`,
    event.topic && `topic ${event.topic}`,
    event.messageType && `message ${event.messageType}${event.controlId ? ` #${event.controlId}` : ''}`,
    event.kind === 'tls-failure' && oneLine(event.detail),
  ];
  return { at, origin, summary: parts.filter(Boolean).join(', ') };
}

/** An admission outcome as one line of evidence. */
export function admissionEvidence(record: AdmissionObservation): AlertEvidence {
  const who = record.identity ? ` as ${record.identity}` : '';
  return {
    at: record.at,
    origin: 'admission',
    summary: `${record.address}${who} ${record.verdict} in ${record.zone}: ${record.reason}`,
  };
}

/** The newest `max` items: evidence stays bounded however long the attack. */
export const newest = <T>(items: readonly T[], max: number): T[] => items.slice(-max);
