import { HL7Message } from 'hl7v2';
import { describe, expect, it } from 'vitest';
import { Hl7Builder, repeat } from '../../../../simulators/hl7/message/hl7-build.ts';
import { escapeHl7, unescapeHl7 } from '../../../../simulators/hl7/message/hl7-escape.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';

const header = {
  sendingApp: ['PUMPSRV', '1.3.6.1.4.1.99', 'ISO'],
  sendingFacility: 'LAB',
  receivingApp: 'EHR',
  receivingFacility: 'HOSP',
  messageType: 'ORU^R01^ORU_R01',
  controlId: 'MSG0001',
  timestamp: Date.UTC(2024, 0, 5, 17),
  timestampOffsetMinutes: -300,
  acceptAck: 'AL',
  applicationAck: 'NE',
  profile: ['IHE_PCD_001', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.1.1', 'ISO'],
} as const;
const nasty = 'a|b^c&d~e\\f\rg\nh';

describe('Hl7Builder', () => {
  it('writes MSH with CR terminators and the profile in MSH-21', () => {
    const text = new Hl7Builder(header).segment('PID', ['1']).toString();
    expect(text).toBe(
      'MSH|^~\\&|PUMPSRV^1.3.6.1.4.1.99^ISO|LAB|EHR|HOSP|20240105120000-0500||ORU^R01^ORU_R01|MSG0001|P|2.6|||AL|NE|||||' +
        'IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\rPID|1\r',
    );
  });

  it('escapes every delimiter so hl7v2 reads the values back', () => {
    const text = new Hl7Builder(header)
      .segment('OBX', [
        '1',
        'ST',
        ['x', 'y'],
        undefined,
        nasty,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'F',
      ])
      .segment('PID', [
        '1',
        undefined,
        repeat(['M1', '', '', ['H', '1.2', 'ISO'], 'MR'], 'M2'),
        undefined,
        [nasty, 'J'],
      ])
      .toString();
    const library = HL7Message.parse(text, { strict: true });
    expect(library.getSegment('OBX')?.field(5).getValue()).toBe(nasty);
    expect(library.getSegment('PID')?.field(5).getValue(1)).toBe(nasty);
    const parsed = parseHl7(text);
    expect(parsed.raw).toBe(text);
    expect(parsed.segment('OBX')?.field(5)).toBe(nasty);
    const pid = parsed.segment('PID');
    expect(pid?.repetitions(3).map((rep) => rep.component(1))).toEqual(['M1', 'M2']);
    expect(pid?.component(3, 4, 2)).toBe('1.2');
    expect(pid?.component(5, 1)).toBe(nasty);
  });

  it('round-trips a negative UTC offset through the lab parser, never re-serialized', () => {
    const text = new Hl7Builder(header).segment('EVN', [undefined, '20240105115900-0500']).toString();
    expect(() => HL7Message.parse(text, { strict: true })).not.toThrow();
    const parsed = parseHl7(text);
    expect(parsed.timestamp).toBe('20240105120000-0500');
    expect(parsed.segment('EVN')?.field(2)).toBe('20240105115900-0500');
  });

  it('leaves trailing empty fields and components off', () => {
    const text = new Hl7Builder(header)
      .segment('PV1', ['1', ['ICU', '', undefined], undefined, ''])
      .toString();
    expect(text.split('\r')[1]).toBe('PV1|1|ICU');
  });

  it('refuses header values that would leave their field, and bad segment IDs', () => {
    expect(() => new Hl7Builder({ ...header, sendingApp: 'A|B' })).toThrow(
      expect.objectContaining({ code: 'HL7_VALUE_INVALID' }),
    );
    expect(() => new Hl7Builder({ ...header, messageType: 'ORU^R01\rPID' })).toThrow(
      expect.objectContaining({ code: 'HL7_VALUE_INVALID' }),
    );
    expect(() => new Hl7Builder(header).segment('obx', [])).toThrow(
      expect.objectContaining({ code: 'HL7_VALUE_INVALID' }),
    );
  });

  it('escapes and unescapes per HL7 2.7, hex data and highlighting included', () => {
    expect(escapeHl7(nasty)).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\g\\X0A\\h');
    expect(unescapeHl7(escapeHl7(nasty))).toBe(nasty);
    expect(unescapeHl7('\\H\\bold\\N\\ \\X4869\\ \\.br\\ \\Zlocal\\ trailing\\')).toBe(
      'bold Hi \\.br\\ \\Zlocal\\ trailing\\',
    );
  });
});
