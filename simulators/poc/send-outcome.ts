import { PumplabError } from '../../core/errors.ts';
import { readAck } from '../hl7/message/ack-reader.ts';
import type { AckCode } from '../hl7/message/acknowledgement-plan.ts';
import type { ParsedHl7 } from '../hl7/message/hl7-parse.ts';
import { hl7ErrorText } from '../hl7/message/hl7-issue.ts';
import { pivErrorTexts, type PivError, type PivErrorCode } from '../hl7/pcd/piv-errors.ts';
import { parseRrgO16 } from '../hl7/pcd/rrg-o16.ts';

/** Why the pump server refused (or warned about) an order: one ERR segment, readable. */
export interface RefusalReason {
  /** ERR-3.1, HL7 table 0357 (`207` application internal error, `101` required field missing...). */
  hl7Code: string;
  /** ERR-5.1, the IHE PCD application error (TF-2 B.3, e.g. `9024` hard limit exceeded), when given. */
  pivCode?: PivErrorCode;
  /** ERR-6, the parameter named (e.g. `RXG-16`). */
  parameter?: string;
  /** A sentence for the dashboard. */
  message: string;
}

/** What became of an order the workstation sent: shown to the nurse before she confirms. */
export interface SendOutcome {
  status: 'accepted' | 'refused';
  /** MSA-1 of the answer that decided: AA, AE or AR (RRG^O16 or ACK), or CE / CR (accept ACK). */
  ackCode: AckCode;
  /** MSH-10 of the RGV^O15 sent. */
  controlId: string;
  /** MSA-1 of the accept ACK^O15 (HL7 v2.6 2.9.3), when the pump server sent one first. */
  acceptAck?: 'CA' | 'CE' | 'CR';
  /** The ERR segments of the deciding answer; empty when accepted without warnings. */
  reasons: RefusalReason[];
}

/**
 * Reads the pump server's answers to one RGV^O15 (an optional accept ACK^O15, then RRG^O16 or a
 * general ACK) into an outcome: accepted only on MSA-1 AA (IHE PCD TF-2 3.3.5).
 *
 * @throws PumplabError HL7_MESSAGE_TYPE_UNEXPECTED when the deciding answer is neither RRG^O16 nor ACK
 * @example const outcome = outcomeOf(controlId, await link.exchange(text)); outcome.reasons[0]?.pivCode
 */
export function outcomeOf(controlId: string, answers: readonly ParsedHl7[]): SendOutcome {
  const last = answers[answers.length - 1];
  if (!last) throw new PumplabError('MLLP_CONNECTION_CLOSED', 'The pump server sent no answer.');
  const first = answers[0];
  const acceptCode = first && first !== last ? readAck(first).code : readAck(last).code;
  const acceptAck =
    acceptCode === 'CA' || acceptCode === 'CE' || acceptCode === 'CR' ? acceptCode : undefined;
  const base = { controlId, ...(acceptAck ? { acceptAck } : {}) };
  if (last.messageCode === 'RRG' && last.triggerEvent === 'O16') {
    const rrg = parseRrgO16(last);
    const status = rrg.accepted ? 'accepted' : 'refused';
    return { ...base, status, ackCode: rrg.ackCode, reasons: rrg.errors.map(reasonOfPiv) };
  }
  if (last.messageCode === 'ACK') {
    const ack = readAck(last);
    if (ack.code === '') throw new PumplabError('HL7_CONTENT_INVALID', 'The ACK holds no MSA-1 code.');
    const reasons = ack.errors.map((issue) => ({ hl7Code: issue.code, message: issue.text }));
    return { ...base, status: ack.code === 'AA' ? 'accepted' : 'refused', ackCode: ack.code, reasons };
  }
  throw new PumplabError('HL7_MESSAGE_TYPE_UNEXPECTED', `Expected RRG^O16 or ACK, got ${last.messageType}.`, {
    expected: ['RRG^O16', 'ACK'],
    actual: last.messageType,
  });
}

/** An ERR of an RRG^O16 in words: the PIV text (ERR-5.2), the parameter, and ERR-5.9 detail. */
function reasonOfPiv(error: PivError): RefusalReason {
  const head = error.application ? pivErrorTexts[error.application] : hl7ErrorText(error.code);
  const parameter = error.parameter ? ` (${error.parameter})` : '';
  const detail = error.detail ? `: ${error.detail}` : '';
  return {
    hl7Code: error.code,
    ...(error.application ? { pivCode: error.application } : {}),
    ...(error.parameter ? { parameter: error.parameter } : {}),
    message: `${head}${parameter}${detail}.`,
  };
}
