import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { adtEvents, buildAdt, parseAdt, type AdtInput } from '../../../../simulators/hl7/pcd/adt.ts';
import { at, ehr, newYork, parseBoth, pumpServer } from './pcd-test-kit.ts';

const input: AdtInput = {
  patient: {
    mrn: 'MRN-1001',
    name: { family: "O'Neil", given: 'Ann' },
    birthDate: '1958-07-30',
    sex: 'F',
    weightKg: 64.5,
  },
  location: { unit: 'ICU', room: '12', bed: 'A' },
  priorLocation: { unit: 'ED', room: '3', bed: 'B' },
  visit: 'V-2024-0042',
  controlId: 'ADT-1',
  at,
  offsetMinutes: newYork,
  sender: ehr,
  receiver: pumpServer,
};
const recorded = { ms: at, offsetMinutes: newYork };

describe('ADT A01/A02/A03/A08', () => {
  it.each(adtEvents)('%s parses with hl7v2 and parseHl7 and reads back', (event) => {
    const parsed = parseBoth(buildAdt(event, input));
    expect(parsed.messageType).toBe(`ADT^${event}^${event === 'A08' ? 'ADT_A01' : `ADT_${event}`}`);
    expect(parsed.segments().map((s) => s.name)).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'OBX']);
    const update = parseAdt(parsed);
    expect(update).toMatchObject({
      event,
      recordedAt: recorded,
      patient: {
        mrn: 'MRN-1001',
        name: { family: "O'Neil", given: 'Ann' },
        birthDate: '1958-07-30',
        sex: 'F',
      },
      weightKg: 64.5,
      location: { unit: 'ICU', room: '12', bed: 'A' },
      visit: 'V-2024-0042',
    });
    expect('priorLocation' in update).toBe(event === 'A02');
    expect('admittedAt' in update).toBe(event === 'A01');
    expect('dischargedAt' in update).toBe(event === 'A03');
  });

  it('keeps the transfer origin (PV1-6) and the discharge time (PV1-45)', () => {
    expect(parseAdt(parseBoth(buildAdt('A02', input))).priorLocation).toEqual({
      unit: 'ED',
      room: '3',
      bed: 'B',
    });
    expect(parseAdt(parseBoth(buildAdt('A03', input))).dischargedAt).toEqual(recorded);
  });

  it('reads a weight sent in grams as kg, and leaves out an unknown weight', () => {
    const grams = buildAdt('A08', input).replace(
      '|64.5|263875^MDC_DIM_KILO_G^MDC^kg^kg^UCUM',
      '|64500|g^g^UCUM',
    );
    expect(parseAdt(parseHl7(grams)).weightKg).toBe(64.5);
    const { weightKg: _unknown, ...noWeight } = input.patient;
    const text = buildAdt('A01', { ...input, patient: noWeight });
    expect(parseHl7(text).segment('OBX')).toBeUndefined();
    expect('weightKg' in parseAdt(parseHl7(text))).toBe(false);
  });

  it('refuses a weight in units it cannot read with HL7_CONTENT_INVALID at OBX^1^6', () => {
    const stones = buildAdt('A08', input).replace(
      '263875^MDC_DIM_KILO_G^MDC^kg^kg^UCUM',
      '[stone_av]^stone^UCUM',
    );
    expect(() => parseAdt(parseHl7(stones))).toThrow(
      expect.objectContaining({
        code: 'HL7_CONTENT_INVALID',
        details: expect.objectContaining({ location: 'OBX^1^6' }),
      }),
    );
  });

  it('refuses a PID without an identifier, and non-ADT messages', () => {
    const anonymous = buildAdt('A08', input).replace('MRN-1001^^^PUMPLAB^MR', '');
    expect(() => parseAdt(parseHl7(anonymous))).toThrow(
      expect.objectContaining({ code: 'HL7_CONTENT_INVALID' }),
    );
    const rrg = buildAdt('A01', input).replace('ADT^A01^ADT_A01', 'ADT^A04^ADT_A01');
    expect(() => parseAdt(parseHl7(rrg))).toThrow(
      expect.objectContaining({ code: 'HL7_MESSAGE_TYPE_UNEXPECTED' }),
    );
  });
});
