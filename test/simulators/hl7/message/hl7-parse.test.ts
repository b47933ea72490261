import { HL7Message } from 'hl7v2';
import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { parseHl7Timestamp } from '../../../../simulators/hl7/message/hl7-timestamp.ts';

/** A PCD-01 shaped message with negative UTC offsets, an escape, repetitions and subcomponents. */
const oru = [
  'MSH|^~\\&|PUMPSRV^1.3.6.1.4.1.99^ISO|LAB|EHR|HOSP|20240105120000-0500||ORU^R01^ORU_R01|MSG0001|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO',
  'PID|1||MRN123^^^HOSP&1.2.3&ISO^MR~ALT9^^^OTHER^PI||Doe\\S\\x^Jane||19800101-0500|F',
  'OBR|1|||69837^MDC_DEV_METRIC^MDC|||20240105115900-0500',
  'OBX|1|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.1.1|12.5|265266^MDC_DIM_MILLI_L_PER_HR^MDC|||||R|||20240105115900-0500',
  '',
].join('\r');

describe('parseHl7', () => {
  it('keeps the original text exactly, negative UTC offsets included', () => {
    const parsed = parseHl7(oru);
    expect(parsed.raw).toBe(oru);
    expect(parsed.timestamp).toBe('20240105120000-0500');
    expect(parseHl7Timestamp(parsed.timestamp)).toBe(Date.UTC(2024, 0, 5, 17));
    expect(parsed.segment('OBX')?.field(14)).toBe('20240105115900-0500');
    // The flaw worked around: hl7v2 1.8.0 re-serializes without the minus sign.
    expect(HL7Message.parse(oru).toHL7String()).toContain('202401051200000500');
  });

  it('accepts negative offsets in versions whose TS type hl7v2 misreads (before 2.6)', () => {
    for (const version of ['2.3.1', '2.5', '2.5.1']) {
      const text = oru
        .replace('|P|2.6|', `|P|${version}|`)
        .replace('20240105120000-0500', '20240105120000.25-0500');
      expect(parseHl7(text).timestamp).toBe('20240105120000.25-0500');
    }
  });

  it('reads the MSH fields', () => {
    const parsed = parseHl7(oru);
    expect(parsed).toMatchObject({
      messageType: 'ORU^R01^ORU_R01',
      messageCode: 'ORU',
      triggerEvent: 'R01',
      messageStructure: 'ORU_R01',
      controlId: 'MSG0001',
      processingId: 'P',
      version: '2.6',
      acceptAckType: 'AL',
      applicationAckType: 'NE',
      sending: { application: 'PUMPSRV^1.3.6.1.4.1.99^ISO', facility: 'LAB' },
      receiving: { application: 'EHR', facility: 'HOSP' },
      profiles: ['IHE_PCD_001'],
    });
    expect(parsed.header.field(1)).toBe('|');
    expect(parsed.header.field(2)).toBe('^~\\&');
  });

  it('reads components, subcomponents and repetitions, decoding escapes', () => {
    const pid = parseHl7(oru).segment('PID');
    expect(pid?.component(5, 1)).toBe('Doe^x');
    expect(pid?.component(3, 4, 2)).toBe('1.2.3');
    expect(pid?.repetitions(3).map((rep) => rep.component(1))).toEqual(['MRN123', 'ALT9']);
    expect(pid?.rawField(5)).toBe('Doe\\S\\x^Jane');
    expect(pid?.field(99)).toBe('');
    expect(parseHl7(oru).segments('OBX')[0]?.sequence).toBe(1);
  });

  it('reads a message written with other delimiters and re-encodes MSH-3 for replies', () => {
    const odd =
      'MSH#*$!%#APP*1.2*ISO#FAC#EHR#HOSP#20240105120000-0500##ADT*A01*ADT_A01#9#P#2.6\rEVN##20240105\r';
    const parsed = parseHl7(odd);
    expect(parsed.messageType).toBe('ADT^A01^ADT_A01');
    expect(parsed.sending.application).toBe('APP^1.2^ISO');
    expect(parsed.segment('EVN')?.field(2)).toBe('20240105');
  });

  it('rejects a message that does not start with MSH (100)', () => {
    expect(() => parseHl7('PID|1\r')).toThrow(
      expect.objectContaining({
        code: 'HL7_MALFORMED',
        details: expect.objectContaining({ hl7ErrorCode: '100' }),
      }),
    );
  });

  it('names the segment and field of a data type error (102)', () => {
    const bad = oru.replace('OBX|1|', 'OBX|one|');
    expect(() => parseHl7(bad)).toThrow(
      expect.objectContaining({
        code: 'HL7_MALFORMED',
        details: expect.objectContaining({ hl7ErrorCode: '102', location: 'OBX^1^1^1^1', line: 4 }),
      }),
    );
  });

  it('rejects a segment without a valid segment ID, and MLLP block characters', () => {
    expect(() => parseHl7(oru.replace('OBR|', 'ob|'))).toThrow(
      expect.objectContaining({ code: 'HL7_MALFORMED' }),
    );
    expect(() => parseHl7(`${oru}\u001c`)).toThrow(expect.objectContaining({ code: 'HL7_MALFORMED' }));
    expect(() => parseHl7('MSH|^~|A\r')).toThrow(expect.objectContaining({ code: 'HL7_MALFORMED' }));
  });
});
