import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { validateStructure } from '../../../../simulators/hl7/message/message-structures.ts';

const msh = (type: string, version = '2.6', processing = 'P') =>
  `MSH|^~\\&|A|B|C|D|20240105120000-0500||${type}|C1|${processing}|${version}`;
const check = (...segments: string[]) => validateStructure(parseHl7(segments.join('\r') + '\r'));
const codes = (issues: ReturnType<typeof check>) =>
  issues.map((issue) => `${issue.code} ${issue.location ?? ''}`);

const pid = 'PID|1||MRN1^^^H^MR||Doe^Jane';
const obr = 'OBR|1|||69837^MDC_DEV_METRIC^MDC';
const obx = 'OBX|1|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.1.1|12.5||||||R';

describe('validateStructure', () => {
  it('accepts the shapes of PCD-01, PCD-04, PCD-03, RRG^O16, ACK and ADT', () => {
    expect(check(msh('ORU^R01^ORU_R01'), pid, 'PV1|1|I', obr, obx, obx, 'ZPX|lab')).toEqual([]);
    expect(check(msh('ORU^R40^ORU_R40'), pid, obr, obx)).toEqual([]);
    expect(check(msh('ORU^R01^ORU_R01'), obr, obx)).toEqual([]);
    const give = [
      'ORC|RE',
      'RXG|1||^^^20240105|0338^Heparin^NDC',
      'RXR|IV',
      'OBX|1|ST|69986^MDC_DEV_PUMP_INFUS_VMD^MDC|1.1.1|||||||F',
    ];
    expect(check(msh('RGV^O15^RGV_O15'), pid, 'PV1|1|I', ...give)).toEqual([]);
    expect(check(msh('RRG^O16^RRG_O16'), 'MSA|AA|C0', pid, 'ORC|OK')).toEqual([]);
    expect(check(msh('ACK^R01^ACK'), 'MSA|AE|C0', 'ERR||PID^1^3|101^x^HL70357|E')).toEqual([]);
    for (const event of ['A01^ADT_A01', 'A02^ADT_A02', 'A03^ADT_A03', 'A08^ADT_A01']) {
      expect(check(msh(`ADT^${event}`), 'EVN||20240105', pid, 'PV1|1|I'), event).toEqual([]);
    }
  });

  it('rejects unsupported type, event, processing id and version (200, 201, 202, 203)', () => {
    expect(codes(check(msh('QRY^Q01'), pid))).toEqual(['200 MSH^1^9']);
    expect(codes(check(msh('ORU^R99'), pid))).toEqual(['201 MSH^1^9']);
    expect(codes(check(msh('ORU^R01', '2.6', 'X'), obr, obx))).toEqual(['202 MSH^1^11']);
    expect(codes(check(msh('ORU^R01', '2.1'), obr, obx))).toEqual(['203 MSH^1^12']);
    expect(codes(check(msh('ORU^R01', '2.5.1'), obr, obx))).toEqual([]);
  });

  it('finds segments out of sequence or missing (100)', () => {
    expect(codes(check(msh('ORU^R01'), obx, obr))).toEqual(['100 OBX^1']);
    expect(codes(check(msh('ORU^R01'), pid))).toEqual(['100 OBR']);
    expect(codes(check(msh('RGV^O15'), pid, 'ORC|RE', 'RXR|IV'))).toEqual(['100 RXR^1']);
    expect(codes(check(msh('ADT^A01'), pid, 'PV1|1|I'))).toEqual(['100 PID^1']);
    expect(codes(check(msh('ORU^R01'), obr, obx, 'EVN||2024'))).toEqual(['100 EVN^1']);
  });

  it('finds required fields missing (101), OBX-2 when OBX-5 is valued', () => {
    const issues = check(msh('ORU^R01'), 'PID|1', obr, 'OBX|1||157784^X^MDC|1|12.5||||||R', 'OBX|2|NM||1|1');
    expect(codes(issues)).toEqual([
      '101 PID^1^3',
      '101 PID^1^5',
      '101 OBX^1^2',
      '101 OBX^2^3',
      '101 OBX^2^11',
    ]);
  });

  it('warns, without failing, when MSH-9.3 names another structure', () => {
    const issues = check(msh('ADT^A08^ADT_A08'), 'EVN||20240105', pid, 'PV1|1|I');
    expect(issues).toEqual([expect.objectContaining({ code: '200', severity: 'W' })]);
  });
});
