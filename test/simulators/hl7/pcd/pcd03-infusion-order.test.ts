import { describe, expect, it } from 'vitest';
import { programOrderSchema } from '../../../../simulators/contract/server-commands.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import {
  buildRgvO15,
  parseRgvO15,
  programOrderOf,
  type RgvO15Input,
} from '../../../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import { at, fixture, newYork, parseBoth, poc, pumpServer } from './pcd-test-kit.ts';

const dopamine = (overrides: Partial<RgvO15Input> = {}): RgvO15Input => ({
  patient: { mrn: 'MRN-1001', name: { family: 'Doe', given: 'John' }, sex: 'M', weightKg: 85 },
  location: { unit: 'ICU', room: '12', bed: 'A' },
  order: {
    placerId: 'ORD-7781',
    drug: { id: 'dopamine', name: 'Dopamine' },
    doseRate: { value: 10, unit: 'mcg/kg/min' },
    concentration: { amount: 400, unit: 'mg', volumeMl: 250 },
    vtbi: 250,
  },
  pumpId: 'PL-0001',
  pumpModel: 'PL-LVP-1',
  nurseId: 'N0001',
  controlId: 'RGV-1',
  at,
  offsetMinutes: newYork,
  sender: poc,
  receiver: pumpServer,
  ...overrides,
});

/** Removes the segment lines for which `drop` holds. */
const without = (text: string, drop: (line: string) => boolean) =>
  text
    .split('\r')
    .filter((line) => line === '' || !drop(line))
    .join('\r');

describe('PCD-03 communicate infusion order (RGV^O15)', () => {
  it('parses with hl7v2 and parseHl7, with the PIV header of TF-2 3.3.4.4.1 and B.1', () => {
    const parsed = parseBoth(buildRgvO15(dopamine()));
    expect(parsed.messageType).toBe('RGV^O15^RGV_O15');
    expect([parsed.acceptAckType, parsed.applicationAckType]).toEqual(['AL', 'AL']);
    expect(parsed.header.rawField(21)).toBe('IHE_PCD_003^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO');
    expect(parsed.segments().map((segment) => segment.name)).toEqual([
      'MSH',
      'PID',
      'PV1',
      'ORC',
      'RXG',
      'RXR',
      'OBX',
      'OBX',
    ]);
    expect(parsed.segment('OBX')?.rawField(3)).toBe('69986^MDC_DEV_PUMP_INFUS_VMD^MDC');
    expect(parsed.segment('OBX')?.component(18, 1)).toBe('PL-0001');
  });

  it('reads back a weight-based dose order, which becomes a valid pump program', () => {
    const result = parseRgvO15(parseBoth(buildRgvO15(dopamine())));
    expect(result).toEqual({
      ok: true,
      order: {
        controlId: 'RGV-1',
        applicationAckType: 'AL',
        placerOrderNumber: 'ORD-7781',
        patient: { mrn: 'MRN-1001', name: { family: 'Doe', given: 'John' }, sex: 'M' },
        location: { unit: 'ICU', room: '12', bed: 'A' },
        pumpId: 'PL-0001',
        drug: { id: 'dopamine', name: 'Dopamine' },
        doseRate: { value: 10, unit: 'mcg/kg/min' },
        weightKg: 85,
        concentration: { amount: 1.6, unit: 'mg' },
        vtbi: 250,
        nurseId: 'N0001',
      },
    });
    if (result.ok)
      expect(programOrderSchema.parse(programOrderOf(result.order))).toMatchObject({ weightKg: 85 });
  });

  it('reads back a rate order (mL/h) without weight or concentration', () => {
    const saline = dopamine({
      patient: { mrn: 'MRN-1001' },
      order: { placerId: 'ORD-2', drug: { id: 'saline', name: 'Normal Saline' }, rate: 13.3, vtbi: 500 },
    });
    const result = parseRgvO15(parseBoth(buildRgvO15(saline)));
    expect(result.ok && result.order).toMatchObject({ rate: 13.3, vtbi: 500, drug: { id: 'saline' } });
    expect(result.ok && 'weightKg' in result.order).toBe(false);
  });

  it('reads the TF-2 E.2.3 examples: dopamine by dose and weight, saline by rate, pump A0001', () => {
    const first = parseRgvO15(parseHl7(fixture('tf2-e2-pcd03-example1-rgv-o15.hl7')));
    expect(first).toMatchObject({
      ok: true,
      order: {
        placerOrderNumber: '12345',
        patient: { mrn: '98765', name: { family: 'Doe', given: 'John' }, birthDate: '1966-01-01', sex: 'M' },
        pumpId: 'A0001',
        drug: { id: '1234', name: 'Dopamine' },
        doseRate: { value: 10, unit: 'mcg/kg/min' },
        weightKg: 85,
        concentration: { amount: 1.6, unit: 'mg' },
        vtbi: 250,
        nurseId: 'N0001',
        applicationAckType: 'ER',
      },
    });
    const second = parseRgvO15(parseHl7(fixture('tf2-e2-pcd03-example2-rgv-o15.hl7')));
    expect(second).toMatchObject({ ok: true, order: { pumpId: 'A0001', rate: 13.3, vtbi: 500 } });
  });

  it('parses every TF-2 E.2.3 sample with parseHl7 (HL7 v2.5, -0600 offsets kept)', () => {
    for (const name of [
      'example1-rgv-o15',
      'example1-ack-o15',
      'example2-rgv-o15',
      'example2-rrg-o16-reject',
    ]) {
      expect(parseHl7(fixture(`tf2-e2-pcd03-${name}.hl7`)).timestamp).toBe('20080101123456-0600');
    }
  });

  it('answers a missing pump OBX with 100 at OBX and PIV 9003', () => {
    const text = without(buildRgvO15(dopamine()), (line) => line.startsWith('OBX|1|'));
    expect(parseRgvO15(parseHl7(text))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: '100', location: { segment: 'OBX' }, application: '9003' })],
    });
  });

  it('answers a pump OBX without OBX-18 with 101 at OBX^1^18', () => {
    const text = buildRgvO15(dopamine()).replace(/\|PL-0001\^PL-LVP-1\^[0-9A-F]{16}\^EUI-64/, '');
    const result = parseRgvO15(parseHl7(text));
    expect(result.ok || result.errors).toEqual([
      expect.objectContaining({
        code: '101',
        location: { segment: 'OBX', sequence: 1, field: 18 },
        application: '9003',
      }),
    ]);
  });

  it('answers rate units it cannot read with 103 at RXG^1^16 and PIV 9008', () => {
    const text = buildRgvO15(dopamine()).replace(
      '265619^MDC_DIM_MICRO_G_PER_KG_PER_MIN^MDC^ug/kg/min^ug/kg/min^UCUM',
      'drops/min^drops/min^L',
    );
    const result = parseRgvO15(parseHl7(text));
    expect(result.ok || result.errors).toEqual([
      {
        code: '103',
        severity: 'E',
        location: { segment: 'RXG', sequence: 1, field: 16 },
        application: '9008',
        parameter: 'RXG-16',
      },
    ]);
  });

  it('answers a weight-based dose without a weight OBX with 100 at OBX and PIV 9019', () => {
    const text = buildRgvO15(dopamine({ patient: { mrn: 'MRN-1001' } }));
    const result = parseRgvO15(parseHl7(text));
    expect(result.ok || result.errors).toEqual([
      expect.objectContaining({ code: '100', location: { segment: 'OBX' }, application: '9019' }),
    ]);
  });

  it('answers a missing VTBI and a non-numeric rate field by field', () => {
    const text = buildRgvO15(dopamine())
      .replace('|dopamine^Dopamine|250|', '|dopamine^Dopamine||')
      .replace('||||||||10|', '||||||||ten|');
    const result = parseRgvO15(parseHl7(text));
    expect(result.ok || result.errors.map((e) => [e.code, e.location?.field, e.application])).toEqual([
      ['101', 5, '9003'],
      ['102', 15, '9004'],
    ]);
  });

  it('answers a volume unit other than mL (RXG-7) with 103', () => {
    const text = buildRgvO15(dopamine()).replace(
      '|250||263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM|',
      '|250||mg^mg^UCUM|',
    );
    const result = parseRgvO15(parseHl7(text));
    expect(result.ok || result.errors[0]).toMatchObject({
      code: '103',
      location: { segment: 'RXG', field: 7 },
    });
  });

  it('answers another message type with 200 at MSH^1^9', () => {
    const result = parseRgvO15(parseBoth(fixture('tf2-e3-pcd04-pump-occlusion-start.hl7')));
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: '200', location: { segment: 'MSH', sequence: 1, field: 9 } })],
    });
  });
});
