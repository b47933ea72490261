import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { buildRgvO15, parseRgvO15 } from '../../../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import { pivErrorForReason, pivErrorToIssue } from '../../../../simulators/hl7/pcd/piv-errors.ts';
import { buildRrgO16, parseRrgO16 } from '../../../../simulators/hl7/pcd/rrg-o16.ts';
import { at, fixture, newYork, parseBoth, poc, pumpServer } from './pcd-test-kit.ts';

const order = parseHl7(
  buildRgvO15({
    patient: { mrn: 'MRN-1001', name: { family: 'Doe' } },
    order: { placerId: 'ORD-9', drug: { id: 'heparin', name: 'Heparin' }, rate: 12, vtbi: 250 },
    pumpId: 'PL-0002',
    controlId: 'RGV-9',
    at,
    offsetMinutes: newYork,
    sender: poc,
    receiver: pumpServer,
  }),
);
const answer = { controlId: 'RRG-9', at: at + 2000, offsetMinutes: newYork };

describe('PCD-03 application acknowledgement (RRG^O16)', () => {
  it('accepts: MSA AA echoing MSH-10, addressed back to the sender, PID and ORC OK', () => {
    const parsed = parseBoth(buildRrgO16(order, { accepted: true, ...answer }));
    expect(parsed.messageType).toBe('RRG^O16^RRG_O16');
    expect([parsed.sending.application, parsed.receiving.application]).toEqual(['PUMPSRV', 'POC']);
    expect([parsed.acceptAckType, parsed.applicationAckType]).toEqual(['AL', 'NE']);
    expect(parsed.header.rawField(21)).toBe('IHE_PCD_003^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.2^ISO');
    expect(parsed.segments().map((s) => s.name)).toEqual(['MSH', 'MSA', 'PID', 'ORC']);
    expect(parsed.segment('ORC')?.field(1)).toBe('OK');
    expect(parseRrgO16(parsed)).toEqual({
      controlId: 'RRG-9',
      sentAt: { ms: at + 2000, offsetMinutes: newYork },
      ackCode: 'AA',
      acknowledgedControlId: 'RGV-9',
      accepted: true,
      errors: [],
      placerOrderNumber: 'ORD-9',
      patientMrn: 'MRN-1001',
    });
  });

  it('refuses a hard limit with AR and ERR 207 / 9024 (TF-2 B.3), and reads it back', () => {
    const error = pivErrorForReason('PUMP_HARD_LIMIT', 'rate 1200 mL/h > 999 mL/h');
    const parsed = parseBoth(buildRrgO16(order, { accepted: false, errors: [error], ...answer }));
    expect(parsed.segment('ERR')?.rawField(3)).toBe('207^Application internal error^HL70357');
    expect(parsed.segment('ORC')?.field(1)).toBe('UA');
    expect(parseRrgO16(parsed)).toMatchObject({
      ackCode: 'AR',
      accepted: false,
      errors: [{ code: '207', severity: 'E', application: '9024', detail: 'rate 1200 mL/h > 999 mL/h' }],
    });
  });

  it('maps the lab reasons a pump gives to the PIV table', () => {
    expect(
      [
        'PUMP_DRUG_NOT_IN_LIBRARY',
        'PUMP_BUSY',
        'REST_PUMP_NOT_FOUND',
        'PUMP_WEIGHT_REQUIRED',
        'SOMETHING_ELSE',
      ].map((reason) => pivErrorForReason(reason).application),
    ).toEqual(['9010', '9002', '9001', '9019', '9016']);
  });

  it('turns a PIV error into an ERR-ready issue for the general ACK', () => {
    const issue = pivErrorToIssue({
      code: '103',
      severity: 'E',
      location: { segment: 'RXG', sequence: 1, field: 16 },
      application: '9008',
      parameter: 'RXG-16',
    });
    expect(issue).toEqual({
      code: '103',
      severity: 'E',
      location: 'RXG^1^16',
      text: '9008 Invalid units for parameter: RXG-16',
    });
  });

  it('carries the ERR locations of a malformed order, with AE', () => {
    const broken = parseHl7(order.raw.replace('|12|265266', '|12|drops/min^^L'));
    const result = parseRgvO15(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const parsed = parseBoth(buildRrgO16(broken, { accepted: false, errors: result.errors, ...answer }));
    expect(parsed.segment('ERR')?.rawField(2)).toBe('RXG^1^16');
    expect(parseRrgO16(parsed)).toMatchObject({
      ackCode: 'AE',
      errors: [
        {
          code: '103',
          location: { segment: 'RXG', sequence: 1, field: 16 },
          application: '9008',
          parameter: 'RXG-16',
        },
      ],
    });
  });

  it('reads the TF-2 E.2.3 application reject sample (AR, 207, 9010)', () => {
    expect(parseRrgO16(parseHl7(fixture('tf2-e2-pcd03-example2-rrg-o16-reject.hl7')))).toMatchObject({
      ackCode: 'AR',
      acknowledgedControlId: '102',
      accepted: false,
      errors: [{ code: '207', severity: 'F', application: '9010' }],
      sentAt: { ms: Date.UTC(2008, 0, 1, 18, 34, 56), offsetMinutes: -360 },
    });
  });
});
