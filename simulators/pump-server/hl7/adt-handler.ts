import type { Clock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import { buildAck, type Hl7Responder } from '../../hl7/message/ack.ts';
import type { AckCode, AcknowledgementPlan } from '../../hl7/message/acknowledgement-plan.ts';
import type { Hl7Issue } from '../../hl7/message/hl7-issue.ts';
import type { ParsedHl7 } from '../../hl7/message/hl7-parse.ts';
import { parseAdt } from '../../hl7/pcd/adt.ts';
import type { PatientRegistry } from './patient-registry.ts';

/** What the ADT handler works with. */
export interface AdtHandlerParts {
  registry: PatientRegistry;
  responder: Hl7Responder;
  clock: Clock;
  logger: Logger;
}

/**
 * The one acknowledgement of a message the pump server processes at once (ADT): the application
 * acknowledgement AA/AE when the sender wants one (original mode, or MSH-16 valued), else the accept
 * acknowledgement CA/CE that MSH-15 asks for (HL7 v2.6 2.9.2, 2.9.3). Content that cannot be applied
 * is not committed either, so CE carries the same ERR an AE would.
 */
export function immediateAckCode(plan: AcknowledgementPlan, ok: boolean): AckCode {
  const application =
    plan.mode === 'original' || (ok ? plan.application.onSuccess : plan.application.onError);
  const accept = ok ? plan.accept.onSuccess : plan.accept.onError;
  if (!application && accept) return ok ? 'CA' : 'CE';
  return ok ? 'AA' : 'AE';
}

/**
 * Applies an ADT^A01/A02/A03/A08 to the patient registry and acknowledges it (HL7 v2.6 3.3): AA (or
 * CA) when applied; AE (or CE) with ERR when the content cannot be read (102 at the field, from
 * parseAdt) or a transfer or discharge names a patient never admitted here (204, unknown key).
 *
 * @example const ack = handleAdt(parsed, context.plan, parts);
 */
export function handleAdt(parsed: ParsedHl7, plan: AcknowledgementPlan, parts: AdtHandlerParts): string {
  const timestamp = parts.clock.now();
  const answer = (ok: boolean, errors: Hl7Issue[] = []): string =>
    buildAck(parsed, { code: immediateAckCode(plan, ok), errors, responder: parts.responder, timestamp });
  let update: ReturnType<typeof parseAdt>;
  try {
    update = parseAdt(parsed);
  } catch (error) {
    if (!isPumplabError(error)) throw error;
    const code = typeof error.details['hl7ErrorCode'] === 'string' ? error.details['hl7ErrorCode'] : '102';
    const location = typeof error.details['location'] === 'string' ? error.details['location'] : undefined;
    parts.logger.warn({ controlId: parsed.controlId, code: error.code, location }, 'ADT refused');
    return answer(false, [{ code, severity: 'E', ...(location ? { location } : {}), text: error.message }]);
  }
  const result = parts.registry.apply(update, timestamp);
  if (!result.applied) {
    parts.logger.warn(
      { controlId: parsed.controlId, event: update.event },
      'ADT for an unknown patient refused',
    );
    return answer(false, [
      {
        code: '204',
        severity: 'E',
        location: 'PID^1^3',
        text: `${update.event} names a patient the pump server never saw admitted (HL7_UNKNOWN_PATIENT).`,
      },
    ]);
  }
  parts.logger.info(
    { controlId: parsed.controlId, event: update.event, admitted: result.patient.admitted },
    'ADT applied',
  );
  return answer(true);
}
