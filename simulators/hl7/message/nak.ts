import { isPumplabError } from '../../../core/errors.ts';
import { appendAcknowledgement, answerHeader, type Hl7Responder } from './ack.ts';
import { Hl7Builder } from './hl7-build.ts';
import { standardDelimiters } from './hl7-escape.ts';
import type { Hl7Issue } from './hl7-issue.ts';
import { ParsedHl7 } from './hl7-parse.ts';
import { Hl7SegmentView } from './hl7-segment-view.ts';

export interface NakOptions {
  responder: Hl7Responder;
  timestamp?: number | string;
  timestampOffsetMinutes?: number;
  controlId?: string;
}

/**
 * The issue a parse failure stands for: the HL7_MALFORMED details of parseHl7 (table 0357 code 100
 * or 102 and the ERR-2 location), or 100 at MSH for anything else.
 */
export function malformedIssue(error: unknown): Hl7Issue {
  if (isPumplabError(error, 'HL7_MALFORMED')) {
    const code = typeof error.details['hl7ErrorCode'] === 'string' ? error.details['hl7ErrorCode'] : '100';
    const location = typeof error.details['location'] === 'string' ? error.details['location'] : 'MSH';
    return { code, severity: 'E', location, text: error.message.slice(0, 200) };
  }
  return { code: '100', severity: 'E', location: 'MSH', text: 'The message could not be parsed.' };
}

/**
 * The negative acknowledgement of a message that could not be parsed (HL7 v2.6 2.9.2.2 / 2.9.3.2):
 * built from whatever MSH fields can be read, so the sender can match it by MSA-2 when MSH-10 was
 * legible. MSA-1 is AR, or CR when MSH-15 asked for an accept acknowledgement (enhanced mode).
 *
 * @example socket.write(frame(buildNak(text, error, { responder })))
 */
export function buildNak(raw: string, error: unknown, options: NakOptions): string {
  const header = readableHeader(raw);
  const enhanced = header.acceptAckType !== '' || header.applicationAckType !== '';
  const code = enhanced && header.acceptAckType !== 'NE' && header.acceptAckType !== 'SU' ? 'CR' : 'AR';
  const builder = new Hl7Builder({
    ...answerHeader(header, options),
    messageType: header.triggerEvent ? `ACK^${header.triggerEvent}^ACK` : 'ACK',
    controlId: options.controlId ?? `A${header.controlId}`.slice(0, 20),
  });
  return appendAcknowledgement(builder, header, code, [malformedIssue(error)]).toString();
}

/**
 * A best-effort MSH: the first line split on its field separator when it starts with MSH, each
 * value kept only if it is plain text (letters, digits and a few marks), so nothing the sender wrote
 * can change the shape of the answer.
 */
function readableHeader(raw: string): ParsedHl7 {
  const first = raw.split(/\r|\n/, 1)[0] ?? '';
  const separator = first.charAt(3);
  const fields = first.startsWith('MSH') && /^[^\w\s]$/.test(separator) ? first.split(separator) : [];
  // HD values (MSH-3..6) keep their components only when the sender used the standard delimiters.
  const hd = fields[1]?.startsWith('^~\\&') ? /^[\w .:^&-]{0,120}$/ : undefined;
  const componentSeparator = fields[1]?.charAt(0) || '^';
  /** MSH-n is at index n-1 of the split: MSH-1 is the separator itself. */
  const plain = (n: number, pattern = /^[\w .:-]{0,60}$/): string => {
    const value = fields[n - 1] ?? '';
    return pattern.test(value) ? value : '';
  };
  const [code = '', event = ''] = (fields[8] ?? '').split(componentSeparator);
  const type = /^[A-Z0-9]{3}$/.test(code) && /^[A-Z0-9]{3}$/.test(event) ? `${code}^${event}` : '';
  const ackType = /^(AL|NE|ER|SU)$/;
  // MSH-3 .. MSH-16, in the standard encoding.
  const values = [plain(3, hd), plain(4, hd), plain(5, hd), plain(6, hd), '', '', type, plain(10)];
  values.push(
    plain(11, /^[PDT]$/),
    plain(12, /^\d\.\d(\.\d)?$/),
    '',
    '',
    plain(15, ackType),
    plain(16, ackType),
  );
  const msh = new Hl7SegmentView(['MSH', '^~\\&', ...values].join('|'), 0, 1, standardDelimiters);
  return new ParsedHl7(raw, [msh], standardDelimiters);
}
