import { PumplabError } from '../../../core/errors.ts';
import { escapeHl7, standardDelimiters } from './hl7-escape.ts';
import { formatHl7Timestamp } from './hl7-timestamp.ts';

/** A component: a value, or its subcomponents (HL7 2.5.5.2); each is escaped on writing. */
export type Hl7ComponentValue = string | readonly string[] | undefined;
/** Repetitions of a field (HL7 2.5.5.3), made with {@link repeat}. */
export interface Hl7Repeated {
  readonly repetitions: readonly (string | readonly Hl7ComponentValue[])[];
}
/** A field: a value, its components, repetitions, or undefined for empty. */
export type Hl7FieldInput = string | readonly Hl7ComponentValue[] | Hl7Repeated | undefined;

/** Marks a field as repeating: `repeat(['A', 'B'], 'C')` writes `A^B~C`. */
export function repeat(...repetitions: (string | readonly Hl7ComponentValue[])[]): Hl7Repeated {
  return { repetitions };
}

/** MSH-15 / MSH-16 values (HL7 table 0155). */
export type Hl7AckCondition = 'AL' | 'NE' | 'ER' | 'SU';

/** What goes into MSH (HL7 v2.6 2.14.9). */
export interface Hl7HeaderOptions {
  /**
   * MSH-3..6 (HD). A string is HD text already in the standard encoding (`PUMPSRV^1.2.3^ISO`, as
   * ParsedHl7.sending gives it) and must hold no `|`, `~` or line break; an array is components.
   */
  sendingApp: string | readonly string[];
  sendingFacility: string | readonly string[];
  receivingApp: string | readonly string[];
  receivingFacility: string | readonly string[];
  /** MSH-9 in the standard encoding: `ORU^R01^ORU_R01`. */
  messageType: string;
  /** MSH-10, unique per sender. */
  controlId: string;
  /** MSH-7: epoch milliseconds (written as UTC+offset) or a DTM written as given. */
  timestamp: number | string;
  /** Minutes east of UTC for a numeric timestamp (default 0). */
  timestampOffsetMinutes?: number;
  /** MSH-12 (default `2.6`, the version of the IHE PCD profiles). */
  version?: string;
  /** MSH-11 (table 0103, default `P`). */
  processingId?: string;
  acceptAck?: Hl7AckCondition;
  applicationAck?: Hl7AckCondition;
  /** MSH-18 character set (table 0211), e.g. `UNICODE UTF-8`. */
  characterSet?: string;
  /** MSH-21 message profile (EI): `['IHE_PCD_001', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.1.1', 'ISO']`. */
  profile?: string | readonly string[];
}

const s = standardDelimiters;
const segmentIdPattern = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Writes an HL7 v2 message with the standard delimiters, escaping every value (HL7 2.7) so no
 * data can break out of its field. Segments end with CR (HL7 2.5.1).
 *
 * @example
 * const text = new Hl7Builder({ sendingApp: 'PUMPSRV', sendingFacility: 'LAB', receivingApp: 'EHR',
 *   receivingFacility: 'LAB', messageType: 'ORU^R01^ORU_R01', controlId: 'M1', timestamp: clock.now() })
 *   .segment('PID', ['1', undefined, ['MRN1', '', '', ['HOSP', '1.2.3', 'ISO'], 'MR']])
 *   .toString();
 */
export class Hl7Builder {
  private readonly lines: string[] = [];

  constructor(header: Hl7HeaderOptions) {
    const timestamp =
      typeof header.timestamp === 'number'
        ? formatHl7Timestamp(header.timestamp, header.timestampOffsetMinutes ?? 0)
        : encoded(header.timestamp, 'MSH-7');
    const fields = [
      hd(header.sendingApp, 'MSH-3'),
      hd(header.sendingFacility, 'MSH-4'),
      hd(header.receivingApp, 'MSH-5'),
      hd(header.receivingFacility, 'MSH-6'),
      timestamp,
      '',
      encoded(header.messageType, 'MSH-9'),
      escapeHl7(header.controlId),
      escapeHl7(header.processingId ?? 'P'),
      escapeHl7(header.version ?? '2.6'),
      '',
      '',
      header.acceptAck ?? '',
      header.applicationAck ?? '',
      '',
      header.characterSet === undefined ? '' : escapeHl7(header.characterSet),
      '',
      '',
      header.profile === undefined ? '' : writeField(header.profile),
    ];
    // MSH-1 is the field separator and MSH-2 the encoding characters (HL7 2.14.9.1-2).
    this.lines.push(
      trimEnd(`MSH${s.field}${s.component}${s.repetition}${s.escape}${s.subcomponent}|${fields.join('|')}`),
    );
  }

  /** Appends a segment; `fields[0]` is field 1. Trailing empty fields are left off (HL7 2.5.3.2). */
  segment(name: string, fields: readonly Hl7FieldInput[]): this {
    if (!segmentIdPattern.test(name) || name === 'MSH') {
      throw new PumplabError('HL7_VALUE_INVALID', `"${name}" is not a segment ID the builder writes.`, {
        name,
      });
    }
    this.lines.push(trimEnd([name, ...fields.map(writeField)].join(s.field)));
    return this;
  }

  /** The message: segments joined and ended by CR. */
  toString(): string {
    return this.lines.map((line) => `${line}\r`).join('');
  }
}

function writeField(field: Hl7FieldInput): string {
  if (field === undefined) return '';
  if (typeof field === 'string') return escapeHl7(field);
  if ('repetitions' in field) {
    return field.repetitions
      .map((rep) => (typeof rep === 'string' ? escapeHl7(rep) : components(rep)))
      .join(s.repetition);
  }
  return components(field);
}

function components(values: readonly Hl7ComponentValue[]): string {
  return trimEnd(
    values
      .map((value) =>
        value === undefined
          ? ''
          : typeof value === 'string'
            ? escapeHl7(value)
            : value.map((v) => escapeHl7(v)).join(s.subcomponent),
      )
      .join(s.component),
    s.component,
  );
}

function hd(value: string | readonly string[], field: string): string {
  return typeof value === 'string' ? encoded(value, field) : components(value);
}

/** Text already in the standard encoding: it may carry `^` and `&` but never leave its field. */
function encoded(value: string, field: string): string {
  if (/[|~\r\n]/.test(value)) {
    throw new PumplabError(
      'HL7_VALUE_INVALID',
      `${field} holds a field or repetition separator or a line break.`,
      {
        field,
      },
    );
  }
  return value;
}

function trimEnd(text: string, separator = s.field): string {
  let out = text;
  while (out.endsWith(separator) && !out.endsWith(`${s.escape}${separator}`)) out = out.slice(0, -1);
  return out;
}
