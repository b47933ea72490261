import { describe, expect, it } from 'vitest';
import {
  formatHl7Timestamp,
  hl7TimestampOffset,
  parseHl7Timestamp,
} from '../../../../simulators/hl7/message/hl7-timestamp.ts';

const noonEastern = Date.UTC(2024, 0, 5, 17, 0, 0);

describe('HL7 DTM timestamps', () => {
  it('formats the wall time at a negative offset with the minus sign', () => {
    expect(formatHl7Timestamp(noonEastern, -300)).toBe('20240105120000-0500');
  });

  it('formats UTC and positive, half-hour offsets', () => {
    expect(formatHl7Timestamp(noonEastern)).toBe('20240105170000+0000');
    expect(formatHl7Timestamp(noonEastern, 330)).toBe('20240105223000+0530');
    expect(formatHl7Timestamp(Date.UTC(2023, 11, 31, 23, 30), 60)).toBe('20240101003000+0100');
  });

  it('round-trips negative and positive offsets', () => {
    for (const offset of [-720, -300, -210, 0, 60, 345, 840]) {
      const text = formatHl7Timestamp(noonEastern + 1234_000, offset);
      expect(parseHl7Timestamp(text)).toBe(noonEastern + 1234_000);
      expect(hl7TimestampOffset(text)).toBe(offset);
    }
  });

  it('reads every precision from year to ten-thousandths of a second', () => {
    expect(parseHl7Timestamp('2024')).toBe(Date.UTC(2024, 0, 1));
    expect(parseHl7Timestamp('202402')).toBe(Date.UTC(2024, 1, 1));
    expect(parseHl7Timestamp('20240229')).toBe(Date.UTC(2024, 1, 29));
    expect(parseHl7Timestamp('2024022913')).toBe(Date.UTC(2024, 1, 29, 13));
    expect(parseHl7Timestamp('202402291314')).toBe(Date.UTC(2024, 1, 29, 13, 14));
    expect(parseHl7Timestamp('20240229131415.1234-0500')).toBe(Date.UTC(2024, 1, 29, 18, 14, 15, 123));
    expect(parseHl7Timestamp('202402291314-0230')).toBe(Date.UTC(2024, 1, 29, 15, 44));
  });

  it('applies the default offset when the DTM has none', () => {
    expect(parseHl7Timestamp('20240105120000', -300)).toBe(noonEastern);
    expect(hl7TimestampOffset('20240105120000')).toBeUndefined();
  });

  it('refuses text that names no real time', () => {
    for (const text of [
      '',
      '24',
      '20241301',
      '20240230',
      '20240105250000',
      '20240105120000-05',
      'x2024',
      '20240105120000-1500',
    ]) {
      expect(() => parseHl7Timestamp(text), text).toThrow(
        expect.objectContaining({ code: 'HL7_TIMESTAMP_INVALID' }),
      );
    }
  });
});
