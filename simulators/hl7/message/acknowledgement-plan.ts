import type { Hl7AckCondition } from './hl7-build.ts';
import type { ParsedHl7 } from './hl7-parse.ts';

/** MSA-1 acknowledgement codes (HL7 table 0008). */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** When one kind of acknowledgement is due. */
export interface AckRule {
  onSuccess: boolean;
  onError: boolean;
}

/**
 * Which acknowledgements a message asks for (HL7 v2.6 chapter 2, 2.9.2 original and 2.9.3 enhanced
 * acknowledgement rules).
 */
export interface AcknowledgementPlan {
  /** Original mode when MSH-15 and MSH-16 are both empty; enhanced when either is valued. */
  mode: 'original' | 'enhanced';
  /** The accept (commit) acknowledgement, CA/CE/CR: never due in original mode. */
  accept: AckRule;
  /** The application acknowledgement, AA/AE/AR: always due in original mode. */
  application: AckRule;
}

const always: AckRule = { onSuccess: true, onError: true };
const never: AckRule = { onSuccess: false, onError: false };

/**
 * Reads MSH-15 (accept acknowledgement type) and MSH-16 (application acknowledgement type), table
 * 0155: AL always, NE never, ER on error or reject only, SU on success only. With both empty the
 * original mode applies: one application acknowledgement, always. In enhanced mode an empty field
 * asks for nothing (NE); a value outside table 0155 is read as AL, so the sender is never left
 * without an answer.
 *
 * @example acknowledgementPlan(parsed).accept.onSuccess // true for MSH-15 = AL
 */
export function acknowledgementPlan(parsed: ParsedHl7): AcknowledgementPlan {
  const accept = parsed.acceptAckType;
  const application = parsed.applicationAckType;
  if (accept === '' && application === '') return { mode: 'original', accept: never, application: always };
  return { mode: 'enhanced', accept: rule(accept), application: rule(application) };
}

/** The rule one MSH-15/16 value gives. */
export function rule(condition: Hl7AckCondition | string): AckRule {
  switch (condition) {
    case '':
    case 'NE':
      return never;
    case 'ER':
      return { onSuccess: false, onError: true };
    case 'SU':
      return { onSuccess: true, onError: false };
    default:
      return always;
  }
}

/**
 * The code with which a receiver refuses a message before its application sees it (HL7 2.9.2.2 and
 * 2.9.3.2): `reject` for an unsupported message type, event, processing id or version (AR / CR),
 * otherwise an error in the message (AE / CE). Commit codes apply when the sender asked for an accept
 * acknowledgement in enhanced mode.
 */
export function refusalCode(plan: AcknowledgementPlan, reject: boolean): AckCode {
  const commit = plan.mode === 'enhanced' && plan.accept.onError;
  if (commit) return reject ? 'CR' : 'CE';
  return reject ? 'AR' : 'AE';
}
