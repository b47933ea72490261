/**
 * What was wrong with a message, in HL7's own terms: a code from HL7 table 0357 (message error
 * condition codes), a severity from table 0516, and where (ERR-2, ERL data type). The structure
 * validator returns these, the parser carries them on its errors, and the ACK writes them as ERR.
 */

/** HL7 table 0357, message error condition codes (HL7 v2.6 chapter 2, ERR-3). */
export const hl7ErrorCodes = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
} as const;

/** A code of HL7 table 0357. */
export type Hl7ErrorCode = keyof typeof hl7ErrorCodes;

/** HL7 table 0516, error severity (ERR-4): error, warning, information. */
export type Hl7Severity = 'E' | 'W' | 'I';

/** One problem found in a message: becomes one ERR segment. */
export interface Hl7Issue {
  /** HL7 table 0357 code (ERR-3.1); a site may use its own codes beyond the table. */
  code: Hl7ErrorCode | (string & {});
  severity: Hl7Severity;
  /** ERR-2 (ERL): `segment^sequence^field^repetition^component^subcomponent`, e.g. `OBX^3^5`. */
  location?: string;
  /** What was wrong, for a person (ERR-8, user message). */
  text: string;
}

/** Where in a message, as ERL components (HL7 v2.6 2A.27); only `segment` is required. */
export interface Hl7Location {
  segment: string;
  /** Occurrence of that segment in the message, from 1. */
  sequence?: number;
  field?: number;
  /** Field repetition, from 1. */
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

/**
 * Writes an ERL location: `hl7Location({ segment: 'OBX', sequence: 3, field: 5 })` gives `OBX^3^5`.
 * Trailing empty components are left off (HL7 2.5.3.2).
 */
export function hl7Location(location: Hl7Location): string {
  const parts = [
    location.segment,
    location.sequence,
    location.field,
    location.repetition,
    location.component,
    location.subcomponent,
  ].map((part) => (part === undefined ? '' : String(part)));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

/** The table 0357 text for a code, or the code itself when the table has no entry. */
export function hl7ErrorText(code: string): string {
  return code in hl7ErrorCodes ? hl7ErrorCodes[code as Hl7ErrorCode] : code;
}
