import { HL7Error, HL7Message, HL7Segment } from 'hl7v2';
import { PumplabError } from '../../../core/errors.ts';
import { escapeHl7, standardDelimiters, unescapeHl7, type Hl7Delimiters } from './hl7-escape.ts';
import { hl7Location, type Hl7ErrorCode } from './hl7-issue.ts';
import { Hl7SegmentView } from './hl7-segment-view.ts';
import { ValidFields } from './valid-fields.ts';

/** A sending or receiving end named in MSH-3/4 or MSH-5/6 (HD, in the standard encoding `A^B^C`). */
export interface Hl7Endpoint {
  application: string;
  facility: string;
}

/** Segment IDs are three characters, upper-case letters and digits (HL7 2.5.3.1). */
const segmentIdPattern = /^[A-Z][A-Z0-9]{2}$/;

/**
 * A received message, read from its original text: nothing is re-serialized, so it passes through
 * the lab byte for byte (a DTM's negative UTC offset included: hl7v2 1.8.0 would drop its minus
 * sign on serializing). Header fields are decoded; `raw` is exactly what arrived.
 */
export class ParsedHl7 {
  /** Every segment, in order; `all[0]` is MSH. */
  readonly all: readonly Hl7SegmentView[];
  readonly header: Hl7SegmentView;
  /** MSH-9 whole, in the standard encoding: `ORU^R01^ORU_R01`. */
  readonly messageType: string;
  /** MSH-9.1, MSH-9.2, MSH-9.3 (HL7 tables 0076, 0003, 0354). */
  readonly messageCode: string;
  readonly triggerEvent: string;
  readonly messageStructure: string;
  /** MSH-10, echoed in MSA-2 of the acknowledgement. */
  readonly controlId: string;
  /** MSH-7, as sent (DTM; read it with parseHl7Timestamp). */
  readonly timestamp: string;
  /** MSH-11.1 (table 0103: P, D, T). */
  readonly processingId: string;
  /** MSH-12.1 (table 0104), e.g. `2.6`. */
  readonly version: string;
  /** MSH-15 and MSH-16 (table 0155: AL, NE, ER, SU); '' when empty, i.e. original mode. */
  readonly acceptAckType: string;
  readonly applicationAckType: string;
  readonly sending: Hl7Endpoint;
  readonly receiving: Hl7Endpoint;
  /** MSH-21 message profile identifiers, EI.1 of each repetition (`IHE_PCD_001`). */
  readonly profiles: readonly string[];

  constructor(
    /** The message exactly as received. */
    readonly raw: string,
    segments: readonly Hl7SegmentView[],
    readonly delimiters: Hl7Delimiters,
  ) {
    this.all = segments;
    const msh = segments[0];
    if (msh?.name !== 'MSH') throw new TypeError('a ParsedHl7 starts with its MSH segment');
    this.header = msh;
    this.messageType = this.standard(9);
    this.messageCode = msh.component(9, 1);
    this.triggerEvent = msh.component(9, 2);
    this.messageStructure = msh.component(9, 3);
    this.controlId = msh.field(10);
    this.timestamp = msh.component(7, 1);
    this.processingId = msh.component(11, 1);
    this.version = msh.component(12, 1);
    this.acceptAckType = msh.field(15);
    this.applicationAckType = msh.field(16);
    this.sending = { application: this.standard(3), facility: this.standard(4) };
    this.receiving = { application: this.standard(5), facility: this.standard(6) };
    this.profiles = msh.repetitions(21).map((profile) => profile.component(1));
  }

  /** Segments named `name` in message order (every segment when no name is given). */
  segments(name?: string): Hl7SegmentView[] {
    return name === undefined ? [...this.all] : this.all.filter((segment) => segment.name === name);
  }

  /** The first segment named `name`. */
  segment(name: string): Hl7SegmentView | undefined {
    return this.all.find((segment) => segment.name === name);
  }

  /** An MSH field re-encoded with the standard delimiters, so it can be copied into a reply. */
  private standard(n: number): string {
    const raw = this.header.rawField(n);
    const d = this.delimiters;
    if (Object.entries(standardDelimiters).every(([key, value]) => d[key as keyof Hl7Delimiters] === value)) {
      return raw;
    }
    const s = standardDelimiters;
    return raw
      .split(d.repetition)
      .map((rep) =>
        rep
          .split(d.component)
          .map((c) =>
            c
              .split(d.subcomponent)
              .map((v) => escapeHl7(unescapeHl7(v, d)))
              .join(s.subcomponent),
          )
          .join(s.component),
      )
      .join(s.repetition);
  }
}

/**
 * Parses and validates one message. hl7v2 (strict) checks every field against its data type; the
 * fields are then read from the original text, which `raw` keeps unchanged.
 *
 * @throws PumplabError HL7_MALFORMED with `details.hl7ErrorCode` (table 0357: 100 or 102),
 *   `details.location` (ERR-2, e.g. `PID^1^7^1^1`) and `details.line`.
 * @example const parsed = parseHl7(frameText); parsed.segments('OBX').length
 */
export function parseHl7(raw: string): ParsedHl7 {
  const delimiters = readDelimiters(raw);
  // HL7 2.5.1: CR ends a segment; CR LF and LF are tolerated from tools that write lines.
  const lines = raw.split(/\r\n|\r|\n/).filter((line) => line !== '');
  const counts = new Map<string, number>();
  const views = lines.map((line, index) => {
    const name = line.split(delimiters.field, 1)[0] ?? '';
    const sequence = (counts.get(name) ?? 0) + 1;
    counts.set(name, sequence);
    if (!segmentIdPattern.test(name)) {
      throw malformed(`Segment ${index + 1} has no valid segment ID.`, '100', name.slice(0, 3) || '?', index);
    }
    return new Hl7SegmentView(line, index, sequence, delimiters);
  });
  validate(lines, views);
  return new ParsedHl7(raw, views, delimiters);
}

const validFields = new ValidFields();
/** Re-used: `parse` resets it (segments, delimiters, the dictionary of MSH-12's version). */
const validator = new HL7Message();
/** The version and delimiters `validator` is set up for. */
let validatorScope = '';

/**
 * Has hl7v2 (strict) check every field that it has not already found valid at that place in a
 * message of the same version and delimiters. Each goes through hl7v2's own field parser as
 * `HL7Segment.parse` sends it, in a message set up by hl7v2 for MSH-12's version and MSH-1/2's
 * delimiters; only fields already known valid are skipped. An error gets its line as
 * HL7Message.parse sets it.
 */
function validate(lines: readonly string[], views: readonly Hl7SegmentView[]): void {
  const msh = views[0];
  const field = msh?.rawField(1) ?? '|';
  const encoding = msh?.rawField(2) ?? '';
  const version = msh?.component(12, 1) ?? '';
  const scope = `${version}${field}${encoding}`;
  let index = 0;
  try {
    if (scope !== validatorScope) {
      // A bare MSH of that version and those delimiters: hl7v2 picks its dictionary and separators.
      validator.parse(['MSH', encoding, ...Array<string>(9).fill(''), version].join(field), { strict: true });
      validatorScope = scope;
    }
    for (index = 0; index < lines.length; index += 1) validateSegment(lines[index] ?? '', field, scope);
  } catch (error) {
    if (error instanceof HL7Error) error.line ??= index + 1;
    throw fromLibraryError(error, views);
  }
}

/** One segment's fields, numbered as HL7Segment.parse numbers them (MSH-1 is the separator). */
function validateSegment(line: string, separator: string, scope: string): void {
  const fields = line.split(separator);
  const name = fields[0] ?? '';
  if (name === 'MSH') fields[0] = separator;
  else fields.shift();
  let segment: HL7Segment | undefined;
  for (let i = 0; i < fields.length; i += 1) {
    const text = fields[i] ?? '';
    const slot = ValidFields.slot(scope, name, i + 1);
    if (validFields.has(slot, text)) continue;
    segment ??= new HL7Segment(validator, name);
    segment.field(i + 1).fromHL7String(forValidation(text), { strict: true });
    validFields.add(slot, text);
  }
}

/**
 * The text hl7v2 validates: its TS decoder (HL7 before 2.6) drops the minus of a negative UTC
 * offset and then refuses the date, so a valid `20240105120000-0500` would fail as a data type
 * error. The copy it checks carries `+0500` instead; the sign changes no field's validity, and the
 * copy is never used for anything else.
 */
function forValidation(text: string): string {
  return text.replace(/(?<![\w.])(\d{4}(?:\d{2}){0,5}(?:\.\d{1,4})?)-(\d{4})(?!\w)/g, '$1+$2');
}

/** MSH-1 and MSH-2 (HL7 2.14.9.1-2): five distinct delimiters (a sixth, truncation, may follow). */
function readDelimiters(raw: string): Hl7Delimiters {
  if (!raw.startsWith('MSH')) throw malformed('A message starts with its MSH segment.', '100', 'MSH', 0);
  const field = raw.charAt(3);
  const encoding = raw.slice(4, raw.indexOf(field, 4));
  const [component = '', repetition = '', escape = '', subcomponent = ''] = encoding;
  const all = [field, component, repetition, escape, subcomponent];
  const usable = all.every((c) => c !== '' && !/[A-Za-z0-9\r\n\s]/.test(c)) && new Set(all).size === 5;
  if (!usable || raw.indexOf(field, 4) < 0) {
    throw malformed('MSH-1 and MSH-2 do not declare five distinct delimiters.', '100', 'MSH', 0, 2);
  }
  if (holdsBlockCharacters(raw)) throw malformed('The message holds MLLP block characters.', '100', 'MSH', 0);
  return { field, component, repetition, escape, subcomponent };
}

function fromLibraryError(error: unknown, views: readonly Hl7SegmentView[]): PumplabError {
  if (!(error instanceof HL7Error)) {
    return new PumplabError(
      'HL7_MALFORMED',
      'The message could not be parsed.',
      { hl7ErrorCode: '100' },
      {
        cause: error,
      },
    );
  }
  const view = error.line === undefined ? undefined : views[error.line - 1];
  const location = hl7Location({
    segment: view?.name ?? error.segmentType ?? 'MSH',
    sequence: view?.sequence,
    field: error.fieldPosition,
    repetition: error.repetitionIndex === undefined ? undefined : error.repetitionIndex + 1,
    component: error.componentPosition,
  });
  const code = String(error.hl7ErrorCode ?? 102) as Hl7ErrorCode;
  return new PumplabError(
    'HL7_MALFORMED',
    error.message,
    { hl7ErrorCode: code, location, line: error.line ?? null },
    { cause: error },
  );
}

function malformed(message: string, code: Hl7ErrorCode, segment: string, index: number, field?: number) {
  return new PumplabError('HL7_MALFORMED', message, {
    hl7ErrorCode: code,
    location: hl7Location({ segment, sequence: 1, field }),
    line: index + 1,
  });
}

/** MLLP's start and end block characters (0x0B, 0x1C) may not appear inside a message (MLLP R2 2.1). */
export function holdsBlockCharacters(text: string): boolean {
  return text.includes('\u000b') || text.includes('\u001c');
}
