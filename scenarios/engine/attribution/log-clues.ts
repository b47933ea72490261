import type { AdmissionRecord } from '../../../gateway/admission/admission-log.ts';
import { rateLimitRuleName } from '../../../gateway/enforcement/connection-rate.ts';
import type { DecisionRecord } from '../../../gateway/enforcement/decision-log.ts';
import type { SecurityEventView } from '../lab-under-test.ts';
import { clue, type Clue, type CluedLine } from './clue.ts';
import { stableText } from './evidence-text.ts';

/** The zone the gateway holds a device it has not admitted in (gateway/admission). */
const quarantineZone = 'quarantine';
/** The rule name the gateway logs a refusal under when a source is at its open-connection cap. */
const connectionCapRule = 'gateway';

/**
 * Why the gateway refused a flow: its rate limit (rule `rate-limit`), device admission (the source
 * was held in quarantine), its own cap on open connections, or the zone policy (segmentation).
 */
function decisionClue(decision: DecisionRecord): Clue | undefined {
  if (decision.verdict !== 'deny') return undefined;
  if (decision.rule.policy === rateLimitRuleName) return clue(['rate-limits']);
  if (decision.fromZone === quarantineZone) return clue(['device-admission']);
  if (decision.rule.policy === connectionCapRule) {
    return clue([], 'the gateway caps the connections one source may hold open');
  }
  return clue(['segmentation']);
}

/** One gateway decision about the attacker, as a line of evidence. */
export function decisionLine(decision: DecisionRecord): CluedLine {
  const { verdict, fromZone, toZone, service, rule } = decision;
  const which = rule.number === null ? `${rule.policy} default` : `${rule.policy} rule ${rule.number}`;
  const found = decisionClue(decision);
  return {
    line: {
      source: 'gateway',
      code: verdict === 'deny' ? 'GATEWAY_FLOW_DENIED' : 'GATEWAY_FLOW_ALLOWED',
      line: `${verdict} ${fromZone} → ${toZone} ${service} (${which}: ${rule.why})`,
    },
    ...(found ? { clue: found } : {}),
  };
}

/**
 * Why admission kept a device out. The gateway's admission checks the CRL it polls whatever the
 * servers do, so a revoked certificate is the revocation control's work when it is on, else
 * admission's own.
 */
function admissionClue(record: AdmissionRecord): Clue | undefined {
  if (record.verdict === 'admitted') return undefined;
  return record.reason === 'revoked'
    ? clue(['revocation-checks', 'device-admission'])
    : clue(['device-admission']);
}

/** One admission record about the attacker's address, as a line of evidence. */
export function admissionLine(record: AdmissionRecord): CluedLine {
  const as = record.identity === undefined ? '' : ` as ${record.identity}`;
  const found = admissionClue(record);
  return {
    line: {
      source: 'admission',
      code: `${record.verdict.toUpperCase()}-${record.reason}`,
      line: `${record.verdict} in ${record.zone}${as}: ${record.reason}`,
    },
    ...(found ? { clue: found } : {}),
  };
}

/** What a server's refusal says: by its catalogue code first, then by its kind. */
function securityClue(event: SecurityEventView): Clue | undefined {
  if (event.code === 'PKI_CERT_REVOKED') return clue(['revocation-checks']);
  switch (event.kind) {
    // No certificate, or one the lab CA did not issue: only a server that asks for one refuses. A
    // handshake the client itself broke off (ECONNRESET) says nothing about certificates.
    case 'tls-failure':
      return event.code.startsWith('PKI_CERT') || /certificate/i.test(event.detail)
        ? clue(['mutual-tls'])
        : undefined;
    // A client id that is not the certificate's serial, or not a serial at all (authenticate.ts).
    case 'auth-denied':
      return clue(['broker-authorization', 'mutual-tls']);
    case 'publish-denied':
    case 'subscribe-denied':
      return clue(['broker-authorization']);
    case 'schema-rejected':
      return clue(
        ['broker-authorization'],
        'the pump server checks every contract payload against its schema',
      );
    case 'rejected':
      return clue([], 'the HL7 listener refuses a message its transaction does not take');
    case 'connection-limit':
      return clue([], 'the server caps its open connections');
    // The gateway let the flow through and the pump behind it refused: it keeps no console.
    case 'service-unreachable':
      return /^pump-maintenance /.test(event.detail)
        ? clue(['patched-firmware'], 'the pump behind the gateway keeps no maintenance console')
        : undefined;
    case 'malformed':
    case 'oversized':
    case 'garbage':
    case 'read-timeout':
      return clue([], 'the server refuses malformed input');
    default:
      return undefined;
  }
}

/** One security event of the broker or an HL7 listener about the attacker, as a line of evidence. */
export function securityEventLine(event: SecurityEventView): CluedLine {
  const found = securityClue(event);
  return {
    line: {
      source: event.origin,
      code: event.code || event.kind,
      line: `${event.kind}: ${stableText(event.detail)}`,
    },
    ...(found ? { clue: found } : {}),
  };
}
