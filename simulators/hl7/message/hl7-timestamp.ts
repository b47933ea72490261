import { PumplabError } from '../../../core/errors.ts';

/**
 * HL7 DTM timestamps (HL7 v2.6 chapter 2A, 2.A.22 DTM: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`).
 * The lab writes whole seconds with an explicit offset; it reads every precision the type allows.
 */

const minuteMs = 60_000;
/** DTM, HL7 2.A.22: the digits, an optional fraction after seconds, an optional offset. */
const dtmPattern =
  /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2}))?$/;

/**
 * Formats `ms` (epoch milliseconds) as a DTM to the second, as the wall time at `offsetMinutes`
 * east of UTC, with that offset written out (`-0500` for US Eastern standard time).
 *
 * @example formatHl7Timestamp(Date.UTC(2024, 0, 5, 17), -300) // '20240105120000-0500'
 */
export function formatHl7Timestamp(ms: number, offsetMinutes = 0): string {
  if (!Number.isFinite(ms) || !Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) {
    throw new PumplabError(
      'HL7_TIMESTAMP_INVALID',
      'A timestamp needs a finite time and an offset within 14 h.',
      {
        ms,
        offsetMinutes,
      },
    );
  }
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * minuteMs);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return (
    pad(local.getUTCFullYear(), 4) +
    pad(local.getUTCMonth() + 1) +
    pad(local.getUTCDate()) +
    pad(local.getUTCHours()) +
    pad(local.getUTCMinutes()) +
    pad(local.getUTCSeconds()) +
    sign +
    pad(Math.floor(offset / 60)) +
    pad(offset % 60)
  );
}

/**
 * Reads a DTM of any precision (year to ten-thousandths of a second) and returns epoch
 * milliseconds: the start of the period it names. An offset of either sign is honoured; without one,
 * HL7 2.A.22 says the sender's local zone applies, which the lab takes as `defaultOffsetMinutes`.
 *
 * @throws PumplabError HL7_TIMESTAMP_INVALID when the text is not a DTM or names no real time.
 * @example parseHl7Timestamp('20240105120000-0500') === Date.UTC(2024, 0, 5, 17)
 */
export function parseHl7Timestamp(text: string, defaultOffsetMinutes = 0): number {
  const match = dtmPattern.exec(text);
  if (!match) throw invalid(text);
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction, sign] = match;
  const offset =
    sign === undefined
      ? defaultOffsetMinutes
      : (sign === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  const fields = [
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  ] as const;
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) throw invalid(text);
  if (sign !== undefined && (Number(match[9]) > 14 || Number(match[10]) > 59)) throw invalid(text);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 31 February into March; a DTM must name a real calendar day.
  if (new Date(utc).getUTCDate() !== d) throw invalid(text);
  const millis = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  return utc + millis - offset * minuteMs;
}

/**
 * The UTC offset written in a DTM, in minutes east of UTC, or undefined when it has none: lets a
 * reader answer in the sender's own zone.
 *
 * @example hl7TimestampOffset('20240105120000-0500') // -300
 */
export function hl7TimestampOffset(text: string): number | undefined {
  const match = dtmPattern.exec(text);
  if (!match?.[8]) return undefined;
  return (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
}

function invalid(text: string): PumplabError {
  return new PumplabError('HL7_TIMESTAMP_INVALID', `"${text.slice(0, 40)}" is not an HL7 DTM.`, {
    text: text.slice(0, 40),
  });
}
