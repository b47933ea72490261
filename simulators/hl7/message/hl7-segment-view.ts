import { standardDelimiters, unescapeHl7, type Hl7Delimiters } from './hl7-escape.ts';

/** One repetition of a field, read from the text as sent. */
export interface Hl7FieldValue {
  /** The repetition's text, escape sequences decoded; delimiters inside it stay as delimiters. */
  readonly text: string;
  /** Component `c` (1-based), or its subcomponent `s` (1-based), decoded; '' when absent. */
  component(c: number, s?: number): string;
}

/**
 * A read-only view of one segment of a received message, over its original text. Field numbers
 * follow the standard (HL7 2.5.3): for MSH, field 1 is the field separator itself and field 2 the
 * encoding characters (HL7 2.14.9.1-2); for every other segment, field 1 is the first after the name.
 *
 * @example parsed.segments('OBX')[0]?.component(3, 2) // 'MDC_FLOW_FLUID_PUMP'
 */
export class Hl7SegmentView {
  /** The segment ID (HL7 2.5.3.1), e.g. `OBX`. */
  readonly name: string;
  private readonly fields: readonly string[];
  /** Each field's repetitions, split once when first read: readers ask for the same fields often. */
  private readonly split = new Map<number, readonly Hl7FieldValue[]>();

  /**
   * @param raw the segment's text without its terminator
   * @param index its position in the message, 0 for MSH
   * @param sequence its occurrence among segments of the same name, from 1 (ERR-2.2, HL7 2.14.5.2)
   */
  constructor(
    readonly raw: string,
    readonly index: number,
    readonly sequence: number,
    private readonly delimiters: Hl7Delimiters = standardDelimiters,
  ) {
    const parts = raw.split(delimiters.field);
    this.name = parts[0] ?? '';
    // MSH-1 is the separator between "MSH" and MSH-2, so MSH fields sit one place further on.
    this.fields = this.name === 'MSH' ? [this.name, delimiters.field, ...parts.slice(1)] : parts;
  }

  /** How many fields the segment carries (trailing empty fields are not sent, HL7 2.5.3.2). */
  get fieldCount(): number {
    return this.fields.length - 1;
  }

  /** Field `n` exactly as sent: all repetitions, escape sequences left encoded. */
  rawField(n: number): string {
    return n < 1 ? '' : (this.fields[n] ?? '');
  }

  /**
   * The first repetition of field `n`, escape sequences decoded. Meant for primitive fields (ST,
   * NM, ID, DTM, SI); read composite fields with {@link component}. MSH-1 and MSH-2 come verbatim.
   */
  field(n: number): string {
    if (this.name === 'MSH' && n <= 2) return this.rawField(n);
    return this.repetitions(n)[0]?.text ?? '';
  }

  /** Component `c` (1-based) of the first repetition of field `n`, or subcomponent `s` of it. */
  component(n: number, c: number, s?: number): string {
    return this.repetitions(n)[0]?.component(c, s) ?? '';
  }

  /** Every repetition of field `n` (HL7 2.5.5.3); [] when the field is empty. */
  repetitions(n: number): Hl7FieldValue[] {
    let values = this.split.get(n);
    if (values === undefined) {
      values = this.splitField(n);
      this.split.set(n, values);
    }
    return [...values];
  }

  private splitField(n: number): readonly Hl7FieldValue[] {
    const raw = this.rawField(n);
    if (raw === '') return [];
    if (this.name === 'MSH' && n <= 2) return [new FieldValue(raw, this.delimiters, true)];
    return raw.split(this.delimiters.repetition).map((text) => new FieldValue(text, this.delimiters, false));
  }
}

/** One repetition; its components are split and decoded once, on first read. */
class FieldValue implements Hl7FieldValue {
  private decodedText: string | undefined;
  private components: string[] | undefined;

  constructor(
    private readonly raw: string,
    private readonly d: Hl7Delimiters,
    private readonly verbatim: boolean,
  ) {}

  get text(): string {
    this.decodedText ??= this.decode(this.raw);
    return this.decodedText;
  }

  component(c: number, s?: number): string {
    this.components ??= this.raw.split(this.d.component);
    const component = this.components[c - 1] ?? '';
    if (s === undefined) return this.decode(component);
    return this.decode(component.split(this.d.subcomponent)[s - 1] ?? '');
  }

  private decode(text: string): string {
    return this.verbatim ? text : unescapeHl7(text, this.d);
  }
}
