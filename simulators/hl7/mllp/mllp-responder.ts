import type { Clock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { PeerIdentity } from '../../../pki/tls/peer-identity.ts';
import { buildAck, type Hl7Responder } from '../message/ack.ts';
import {
  acknowledgementPlan,
  refusalCode,
  type AcknowledgementPlan,
} from '../message/acknowledgement-plan.ts';
import type { Hl7Issue } from '../message/hl7-issue.ts';
import { holdsBlockCharacters, parseHl7, type ParsedHl7 } from '../message/hl7-parse.ts';
import { rejectionCodes, validateStructure } from '../message/message-structures.ts';
import { buildNak } from '../message/nak.ts';
import type { MllpSecurityEvents } from './mllp-security-events.ts';

/** What a handler knows about where a message came from. */
export interface MllpContext {
  /** Remote address and port. */
  peer: string;
  /** The verified client certificate's identity, under mutual TLS. */
  identity?: PeerIdentity;
  /** Which acknowledgements the sender asked for (MSH-15/16). */
  plan: AcknowledgementPlan;
  /** Warnings from structure validation (severity W), for the handler to pass on in its ERR. */
  warnings: readonly Hl7Issue[];
}

/**
 * The application behind a listener: gets each well-formed, supported message and returns the
 * response to send on the same connection (an ACK, or an application acknowledgement such as
 * RRG^O16). A throw becomes AE with ERR 207.
 */
export type MllpHandler = (parsed: ParsedHl7, context: MllpContext) => Promise<string>;

export interface ResponderOptions {
  handler: MllpHandler;
  /** MSH-3/4 of the listener's own ACKs; default the MSH-5/6 the sender addressed. */
  responder?: Hl7Responder;
  clock: Clock;
  logger: Logger;
  events: MllpSecurityEvents;
}

/** Who answers a message that names no receiver, or cannot be read. */
const anonymousResponder: Hl7Responder = { app: 'PUMPLAB', facility: '' };

/**
 * Answers one framed message; never throws and never returns nothing (HL7 v2.6 2.9: every message
 * is acknowledged): parse failure → NAK; unsupported or malformed structure → AR/AE (CR/CE) with
 * ERR; handler failure → AE with ERR 207; otherwise whatever the handler returns.
 */
export async function respondTo(
  text: string,
  source: { peer: string; identity?: PeerIdentity },
  options: ResponderOptions,
): Promise<string> {
  const timestamp = options.clock.now();
  const identity = source.identity?.commonName;
  let parsed: ParsedHl7;
  try {
    parsed = parseHl7(text);
  } catch (error) {
    const detail = isPumplabError(error) ? error.message : 'The message could not be parsed.';
    options.events.raise({ kind: 'malformed', code: 'HL7_MALFORMED', source: source.peer, identity, detail });
    return buildNak(text, error, { responder: options.responder ?? anonymousResponder, timestamp });
  }
  const responder = options.responder ?? {
    app: parsed.receiving.application || anonymousResponder.app,
    facility: parsed.receiving.facility,
  };
  const plan = acknowledgementPlan(parsed);
  const issues = validateStructure(parsed);
  const errors = issues.filter((issue) => issue.severity === 'E');
  if (errors.length > 0) {
    const reject = errors.some((issue) => rejectionCodes.has(String(issue.code)));
    options.events.raise({
      kind: 'rejected',
      code: 'HL7_STRUCTURE_INVALID',
      source: source.peer,
      identity,
      messageType: parsed.messageType,
      controlId: parsed.controlId,
      detail: errors.map((issue) => issue.text).join(' '),
    });
    return buildAck(parsed, { code: refusalCode(plan, reject), errors, responder, timestamp });
  }
  const context: MllpContext = { ...source, plan, warnings: issues };
  try {
    const response = await options.handler(parsed, context);
    if (response === '' || holdsBlockCharacters(response))
      throw new TypeError('the handler returned no valid response');
    return response;
  } catch (error) {
    options.logger.error(
      { err: error, controlId: parsed.controlId, peer: source.peer },
      'HL7 handler failed',
    );
    const internal: Hl7Issue = {
      code: '207',
      severity: 'E',
      text: 'The receiving application could not process the message.',
    };
    return buildAck(parsed, { code: 'AE', errors: [internal], responder, timestamp });
  }
}
