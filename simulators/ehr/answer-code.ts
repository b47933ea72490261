import { refusalCode, type AckCode, type AcknowledgementPlan } from '../hl7/message/acknowledgement-plan.ts';

/** How the EHR judged a message: charted, in error (e.g. an unknown patient), or not for it. */
export type IntakeOutcome = 'accepted' | 'error' | 'rejected';

const original: Readonly<Record<IntakeOutcome, AckCode>> = { accepted: 'AA', error: 'AE', rejected: 'AR' };

/**
 * MSA-1 of the EHR's one answer to a message (HL7 v2.6 2.9.2 and 2.9.3; table 0008).
 *
 * - Original mode (MSH-15/16 empty): AA, AE or AR.
 * - Enhanced mode: an application acknowledgement when MSH-16 asks for one in that case (AA, AE);
 *   otherwise the accept acknowledgement (CA, CE) that IHE PCD senders ask for with MSH-15 AL and
 *   MSH-16 NE (TF-2 B.1; the TF-2 E.2.3 sample answers `MSA|CA`). CA is given once the entry is
 *   committed, which is what "accept" promises: the message is safely stored.
 * - A message type the EHR does not take is refused as the listener refuses one: AR, or CR when an
 *   accept acknowledgement was asked for.
 *
 * Every message is answered, even when MSH-15/16 say NE: the lab leaves no sender waiting.
 *
 * @example answerCode(acknowledgementPlan(parsed), 'accepted') // 'CA' for MSH-15 AL, MSH-16 NE
 */
export function answerCode(plan: AcknowledgementPlan, outcome: IntakeOutcome): AckCode {
  if (plan.mode === 'original') return original[outcome];
  if (outcome === 'rejected') return refusalCode(plan, true);
  if (outcome === 'accepted') return plan.application.onSuccess ? 'AA' : 'CA';
  return plan.application.onError ? 'AE' : 'CE';
}
