import { PumplabError } from '../../../core/errors.ts';
import type { AckCode } from './acknowledgement-plan.ts';
import type { Hl7Issue, Hl7Severity } from './hl7-issue.ts';
import type { ParsedHl7 } from './hl7-parse.ts';

/** What an acknowledgement (ACK, RRG^O16, any message with MSA) says. */
export interface AckReading {
  /** MSA-1 (table 0008); '' when the message has no MSA. */
  code: AckCode | '';
  /** MSA-2: the control id of the message acknowledged. */
  acknowledges: string;
  /** Each ERR segment: ERR-3.1 code, ERR-4 severity, ERR-2 location, ERR-8 (or ERR-3.2) text. */
  errors: Hl7Issue[];
}

const ackCodes: ReadonlySet<string> = new Set(['AA', 'AE', 'AR', 'CA', 'CE', 'CR']);
const severities: ReadonlySet<string> = new Set(['E', 'W', 'I']);

/**
 * Reads MSA and ERR of an answer (HL7 v2.6 2.14.5, 2.14.8).
 *
 * @example const { code, errors } = readAck(await client.send(message));
 */
export function readAck(answer: ParsedHl7): AckReading {
  const msa = answer.segment('MSA');
  const code = msa?.field(1) ?? '';
  return {
    code: ackCodes.has(code) ? (code as AckCode) : '',
    acknowledges: msa?.field(2) ?? '',
    errors: answer.segments('ERR').map((err) => {
      const severity = err.field(4);
      const location = err.rawField(2);
      return {
        code: err.component(3, 1),
        severity: severities.has(severity) ? (severity as Hl7Severity) : 'E',
        ...(location === '' ? {} : { location }),
        text: err.field(8) || err.component(3, 2),
      };
    }),
  };
}

/**
 * Returns the reading of an answer that accepts (AA, or CA for an accept acknowledgement).
 *
 * @throws PumplabError HL7_NEGATIVE_ACK with the MSA code and the ERR issues in its details.
 */
export function assertAccepted(answer: ParsedHl7): AckReading {
  const reading = readAck(answer);
  if (reading.code === 'AA' || reading.code === 'CA') return reading;
  const first = reading.errors[0];
  throw new PumplabError(
    'HL7_NEGATIVE_ACK',
    `The receiver answered ${reading.code || 'without MSA'}${first ? `: ${first.text}` : ''}.`,
    { code: reading.code, acknowledges: reading.acknowledges, errors: reading.errors },
  );
}
