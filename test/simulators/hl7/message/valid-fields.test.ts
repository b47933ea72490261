import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { ValidFields } from '../../../../simulators/hl7/message/valid-fields.ts';

const message = (obx5: string, obx14 = '20240105115900-0500', version = '2.6'): string =>
  [
    `MSH|^~\\&|PUMPSRV|LAB|EHR|HOSP|20240105120000-0500||ORU^R01^ORU_R01|MSG1|P|${version}`,
    'PID|1||MRN123^^^HOSP^MR',
    'OBR|1|||69837^MDC_DEV_METRIC^MDC|||20240105115900-0500',
    `OBX|1|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.1.1|${obx5}|265266^MDC_DIM_MILLI_L_PER_HR^MDC|||||R|||${obx14}`,
    '',
  ].join('\r');

describe('ValidFields', () => {
  it('remembers what was added, and forgets the least recently used beyond its limit', () => {
    const cache = new ValidFields(4);
    const slot = ValidFields.slot('2.6|^~\\&', 'OBX', 5);
    const key = (n: number): [string, string] => [slot, String(n)];
    for (const n of [1, 2, 3]) cache.add(...key(n));
    expect(cache.has(...key(1))).toBe(true);
    cache.add(...key(4));
    expect(cache.has(...key(1))).toBe(true);
    expect(cache.has(...key(2))).toBe(false);
    expect(cache.has(...key(9))).toBe(false);
  });

  it('keeps fields of different versions, segments and places apart', () => {
    const cache = new ValidFields();
    cache.add(ValidFields.slot('2.6|^~\\&', 'OBX', 5), 'x');
    expect(cache.has(ValidFields.slot('2.5|^~\\&', 'OBX', 5), 'x')).toBe(false);
    expect(cache.has(ValidFields.slot('2.6|^~\\&', 'OBR', 5), 'x')).toBe(false);
    expect(cache.has(ValidFields.slot('2.6|^~\\&', 'OBX', 15), 'x')).toBe(false);
    expect(cache.has(ValidFields.slot('2.6|^~\\&', 'OBX', 5), 'x')).toBe(true);
  });
});

describe('parseHl7 with fields already found valid', () => {
  it('still finds a bad field among fields it has seen, with its place and line', () => {
    for (let i = 0; i < 3; i += 1) parseHl7(message('12.5'));
    expect(() => parseHl7(message('12.5', 'yesterday'))).toThrow(
      expect.objectContaining({
        code: 'HL7_MALFORMED',
        details: expect.objectContaining({ hl7ErrorCode: '102', location: 'OBX^1^14^1^1', line: 4 }),
      }),
    );
    // The same bad field again: never remembered as valid.
    expect(() => parseHl7(message('12.5', 'yesterday'))).toThrow(
      expect.objectContaining({ code: 'HL7_MALFORMED' }),
    );
  });

  it('finds a bad MSH field after good messages (line 1)', () => {
    parseHl7(message('1'));
    const badTime = message('1').replace('20240105120000-0500', 'yesterday');
    expect(() => parseHl7(badTime)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ line: 1, location: 'MSH^1^7^1^1' }) }),
    );
  });

  it('checks a field valid in one version again in another', () => {
    parseHl7(message('1', '20240105115900-0500', '2.6'));
    expect(() => parseHl7(message('1', '20240105115900-0500', '2.5'))).not.toThrow();
    expect(() => parseHl7(message('1', 'not a time', '2.5'))).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ line: 4 }) }),
    );
  });
});
