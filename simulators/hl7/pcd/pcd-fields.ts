import { z } from 'zod';
import { PumplabError } from '../../../core/errors.ts';
import { hl7Location } from '../message/hl7-issue.ts';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';
import { hl7TimestampOffset, parseHl7Timestamp } from '../message/hl7-timestamp.ts';
import type { CodedTriplet } from './mdc-units.ts';

/** A sending or receiving end (MSH-3/4 or MSH-5/6, HD): standard-encoded text or components. */
export interface Hl7Party {
  application: string | readonly string[];
  facility: string | readonly string[];
}

/** An instant read from a DTM: epoch milliseconds, and the UTC offset the sender wrote (if any). */
export interface Hl7Time {
  ms: number;
  offsetMinutes: number | undefined;
}

/** HL7 NM (HL7 v2.6 2.A.47): optional sign, digits, optional decimal point; no exponent. */
const nmPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** zod for an NM field's text: a finite number. */
export const nmSchema = z
  .string()
  .regex(nmPattern, 'not an HL7 NM value')
  .transform((text) => Number(text))
  .pipe(z.number().finite());

/**
 * Writes a number as HL7 NM: at most four decimals (0.1 µL for volumes, as the pump reports), never
 * in exponent notation.
 */
export function nm(value: number): string {
  const rounded = Math.round(value * 1e4) / 1e4;
  return Object.is(rounded, -0) ? '0' : rounded.toFixed(4).replace(/\.?0+$/, '');
}

/** Reads a DTM into an instant, keeping the sender's offset; undefined for an empty field. */
export function readTime(text: string): Hl7Time | undefined {
  if (text === '') return undefined;
  return { ms: parseHl7Timestamp(text), offsetMinutes: hl7TimestampOffset(text) };
}

/** The two coded triplets of a CWE field (components 1-3 and 4-6, HL7 v2.6 2.A.13). */
export function cweTriplets(view: Hl7SegmentView, n: number): CodedTriplet[] {
  return [
    { id: view.component(n, 1), text: view.component(n, 2), system: view.component(n, 3) },
    { id: view.component(n, 4), text: view.component(n, 5), system: view.component(n, 6) },
  ];
}

/**
 * Validates what was read from field `n` (its text, or a value built from its components) with zod,
 * or throws HL7_CONTENT_INVALID naming the field in ERL form (ERR-2) with HL7 table 0357 code 102
 * (data type error).
 */
export function readField<T>(schema: z.ZodType<T>, view: Hl7SegmentView, n: number, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const location = hl7Location({ segment: view.name, sequence: view.sequence, field: n });
  throw new PumplabError('HL7_CONTENT_INVALID', `${location} does not hold a valid value.`, {
    location,
    hl7ErrorCode: '102',
    issues: result.error.issues.map((issue) => issue.message),
  });
}

/** Throws HL7_MESSAGE_TYPE_UNEXPECTED unless MSH-9.1/9.2 is one of `expected` (`ORU^R01`). */
export function expectMessageType(
  actual: { messageCode: string; triggerEvent: string },
  expected: string[],
): void {
  const type = `${actual.messageCode}^${actual.triggerEvent}`;
  if (!expected.includes(type)) {
    throw new PumplabError('HL7_MESSAGE_TYPE_UNEXPECTED', `Expected ${expected.join(' or ')}, got ${type}.`, {
      expected,
      actual: type,
      hl7ErrorCode: '200',
      location: 'MSH^1^9',
    });
  }
}

/** Drops keys whose value is undefined (deeply), so parsed records compare and serialize cleanly. */
export function withoutUndefined<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) out[key] = withoutUndefined(entry);
  }
  return out as T;
}
