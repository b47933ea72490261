import type { Clock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import { buildAck, type Hl7Responder } from '../../hl7/message/ack.ts';
import type { AcknowledgementPlan } from '../../hl7/message/acknowledgement-plan.ts';
import type { ParsedHl7 } from '../../hl7/message/hl7-parse.ts';
import { parseRgvO15 } from '../../hl7/pcd/pcd03-read.ts';
import { buildRrgO16 } from '../../hl7/pcd/rrg-o16.ts';
import type { ControlIds } from './control-ids.ts';
import type { InfusionOrders } from './infusion-orders.ts';
import { refusal, type OrderOutcome } from './order-outcome.ts';

/** What the [PCD-03] handler works with. */
export interface Pcd03HandlerParts {
  orders: Pick<InfusionOrders, 'submit'>;
  /** MSH-3/4 of the ACK^O15 and the RRG^O16. */
  responder: Hl7Responder;
  /** The outbox destination of an order sender's RRG^O16, by its MSH-3.1; undefined when none. */
  routeFor: (sendingApplication: string) => string | undefined;
  /** Queues an RRG^O16 for a destination (durably: it is resent until acknowledged). */
  toRoute: (destination: string, rrg: { controlId: string; message: string }) => void;
  controlIds: ControlIds;
  offsetMinutes: number;
  clock: Clock;
  logger: Logger;
}

/**
 * Answers a [PCD-03] Communicate Infusion Order, RGV^O15 (IHE PCD TF-2 3.3.4, 3.3.5), by its MSH-15/16
 * (HL7 v2.6 2.9.3, enhanced mode; TF-2 3.3.4.4.1 has the IOP send AL and AL):
 * - an accept acknowledgement is due and the sender has a return route: ACK^O15 CA at once on this
 *   connection, then the order is processed and its RRG^O16 (if MSH-16 wants it for that outcome)
 *   goes to the sender's own listener, since TF-2 G.1 forbids new transactions on this connection;
 * - otherwise the order is processed first and the answer on this connection is the RRG^O16 (original
 *   mode, HL7 2.9.2, or no return route), or ACK^O15 CA when MSH-16 wants no RRG^O16 for the outcome.
 * The RRG^O16 says AA only when the pump accepted the program; otherwise AE or AR with ERR.
 *
 * @example server handler: if (parsed.messageCode === 'RGV') return handlePcd03(parsed, context.plan, parts);
 */
export async function handlePcd03(
  parsed: ParsedHl7,
  plan: AcknowledgementPlan,
  parts: Pcd03HandlerParts,
): Promise<string> {
  const acceptDue = plan.mode === 'enhanced' && plan.accept.onSuccess;
  const route = parts.routeFor(parsed.sending.application.split('^')[0] ?? '');
  if (acceptDue && route !== undefined) {
    void settle(parsed, parts)
      .then((outcome) => {
        if (!applicationDue(plan, outcome)) return;
        const controlId = parts.controlIds();
        parts.toRoute(route, { controlId, message: rrgO16(parsed, outcome, parts, controlId) });
      })
      .catch((error: unknown) =>
        parts.logger.error({ err: error, controlId: parsed.controlId }, 'RRG^O16 could not be queued'),
      );
    return accepted(parsed, parts);
  }
  const outcome = await settle(parsed, parts);
  if (acceptDue && !applicationDue(plan, outcome)) return accepted(parsed, parts);
  return rrgO16(parsed, outcome, parts);
}

/** Whether MSH-16 asks for the application acknowledgement of this outcome (always in original mode). */
function applicationDue(plan: AcknowledgementPlan, outcome: OrderOutcome): boolean {
  return outcome.accepted ? plan.application.onSuccess : plan.application.onError;
}

/** Reads and processes the order; every ending, a thrown one included, becomes an outcome. */
async function settle(parsed: ParsedHl7, parts: Pcd03HandlerParts): Promise<OrderOutcome> {
  try {
    const read = parseRgvO15(parsed);
    if (!read.ok) {
      parts.logger.warn(
        { controlId: parsed.controlId, errors: read.errors.length },
        'RGV^O15 content refused',
      );
      return { accepted: false, reason: 'HL7_CONTENT_INVALID', errors: read.errors };
    }
    return await parts.orders.submit(read.order);
  } catch (error) {
    parts.logger.error({ err: error, controlId: parsed.controlId }, 'RGV^O15 could not be processed');
    return refusal('HL7_ORDER_FAILED', 'the pump server could not process the order');
  }
}

/** ACK^O15 with MSA-1 CA: the order is committed for processing (HL7 v2.6 2.9.3.1). */
function accepted(parsed: ParsedHl7, parts: Pcd03HandlerParts): string {
  return buildAck(parsed, {
    code: 'CA',
    responder: parts.responder,
    controlId: parts.controlIds(),
    timestamp: parts.clock.now(),
    timestampOffsetMinutes: parts.offsetMinutes,
  });
}

function rrgO16(
  parsed: ParsedHl7,
  outcome: OrderOutcome,
  parts: Pcd03HandlerParts,
  controlId = parts.controlIds(),
): string {
  return buildRrgO16(parsed, {
    accepted: outcome.accepted,
    ...(outcome.accepted ? {} : { errors: outcome.errors }),
    controlId,
    at: parts.clock.now(),
    offsetMinutes: parts.offsetMinutes,
    sender: { application: parts.responder.app, facility: parts.responder.facility },
  });
}
