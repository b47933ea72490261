import { HL7Message } from 'hl7v2';
import { describe, expect, it } from 'vitest';
import { buildAck } from '../../../../simulators/hl7/message/ack.ts';
import {
  acknowledgementPlan,
  refusalCode,
  type AckCode,
} from '../../../../simulators/hl7/message/acknowledgement-plan.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { buildNak } from '../../../../simulators/hl7/message/nak.ts';

const message = (accept = '', application = '') =>
  `MSH|^~\\&|POC^1.2.3^ISO|WARD|PUMPSRV|LAB|20240105120000-0500||RGV^O15^RGV_O15|CTRL42|T|2.6|||${accept}|${application}\r` +
  'PID|1||MRN1^^^H^MR||Doe^Jane\r';
const responder = { app: 'PUMPSRV', facility: 'LAB' };
const at = Date.UTC(2024, 0, 5, 17, 0, 5);

describe('buildAck', () => {
  it.each<AckCode>(['AA', 'AE', 'AR', 'CA', 'CE', 'CR'])('answers %s with MSH swapped and MSA', (code) => {
    const ack = parseHl7(
      buildAck(parseHl7(message('AL', 'AL')), {
        code,
        responder,
        timestamp: at,
        timestampOffsetMinutes: -300,
      }),
    );
    expect(ack).toMatchObject({
      messageType: 'ACK^O15^ACK',
      sending: { application: 'PUMPSRV', facility: 'LAB' },
      receiving: { application: 'POC^1.2.3^ISO', facility: 'WARD' },
      processingId: 'T',
      version: '2.6',
      timestamp: '20240105120005-0500',
    });
    expect(ack.controlId).not.toBe('');
    expect(ack.segment('MSA')?.field(1)).toBe(code);
    expect(ack.segment('MSA')?.field(2)).toBe('CTRL42');
    expect(ack.segments('ERR')).toHaveLength(0);
  });

  it('writes one ERR per issue: location, code^text^HL70357, severity, user message', () => {
    const text = buildAck(parseHl7(message()), {
      code: 'AE',
      responder,
      timestamp: at,
      errors: [
        { code: '101', severity: 'E', location: 'PID^1^3', text: 'PID-3 is required.' },
        { code: '207', severity: 'W', text: 'Drug library is a day old | check ^ it' },
      ],
    });
    const [first, second] = parseHl7(text).segments('ERR');
    expect(first?.rawField(2)).toBe('PID^1^3');
    expect([first?.component(3, 1), first?.component(3, 2), first?.component(3, 3)]).toEqual([
      '101',
      'Required field missing',
      'HL70357',
    ]);
    expect(first?.field(4)).toBe('E');
    expect(first?.field(8)).toBe('PID-3 is required.');
    expect(second?.field(8)).toBe('Drug library is a day old | check ^ it');
    expect(() => HL7Message.parse(text, { strict: true })).not.toThrow();
  });

  it('takes an application acknowledgement type such as ACK^R01^ACK', () => {
    const ack = buildAck(parseHl7(message()), {
      code: 'AA',
      responder,
      messageType: 'ACK^R01^ACK',
      controlId: 'X1',
      timestamp: at,
    });
    expect(parseHl7(ack)).toMatchObject({ messageType: 'ACK^R01^ACK', controlId: 'X1' });
  });
});

describe('acknowledgementPlan (MSH-15/16, HL7 table 0155)', () => {
  const cases: [string, string, object][] = [
    [
      '',
      '',
      {
        mode: 'original',
        accept: { onSuccess: false, onError: false },
        application: { onSuccess: true, onError: true },
      },
    ],
    [
      'AL',
      'NE',
      {
        mode: 'enhanced',
        accept: { onSuccess: true, onError: true },
        application: { onSuccess: false, onError: false },
      },
    ],
    [
      'ER',
      'AL',
      {
        mode: 'enhanced',
        accept: { onSuccess: false, onError: true },
        application: { onSuccess: true, onError: true },
      },
    ],
    [
      'SU',
      'ER',
      {
        mode: 'enhanced',
        accept: { onSuccess: true, onError: false },
        application: { onSuccess: false, onError: true },
      },
    ],
    [
      'NE',
      'SU',
      {
        mode: 'enhanced',
        accept: { onSuccess: false, onError: false },
        application: { onSuccess: true, onError: false },
      },
    ],
    [
      '',
      'AL',
      {
        mode: 'enhanced',
        accept: { onSuccess: false, onError: false },
        application: { onSuccess: true, onError: true },
      },
    ],
    ['XX', '', { mode: 'enhanced', accept: { onSuccess: true, onError: true } }],
  ];
  it.each(cases)('MSH-15 %j, MSH-16 %j', (accept, application, plan) => {
    expect(acknowledgementPlan(parseHl7(message(accept, application)))).toMatchObject(plan);
  });

  it('refuses with application codes in original mode and commit codes when an accept ACK is due', () => {
    const original = acknowledgementPlan(parseHl7(message()));
    const enhanced = acknowledgementPlan(parseHl7(message('AL', 'AL')));
    const noAccept = acknowledgementPlan(parseHl7(message('NE', 'AL')));
    expect([refusalCode(original, true), refusalCode(original, false)]).toEqual(['AR', 'AE']);
    expect([refusalCode(enhanced, true), refusalCode(enhanced, false)]).toEqual(['CR', 'CE']);
    expect(refusalCode(noAccept, true)).toBe('AR');
  });
});

describe('buildNak', () => {
  it('answers an unparseable message AR with ERR 102 from the MSH fields it can read', () => {
    const raw = message().replace('PID|1|', 'PID|one|');
    let error: unknown;
    try {
      parseHl7(raw);
    } catch (caught) {
      error = caught;
    }
    const nak = parseHl7(buildNak(raw, error, { responder, timestamp: at }));
    expect(nak).toMatchObject({
      messageType: 'ACK^O15^ACK',
      receiving: { application: 'POC^1.2.3^ISO', facility: 'WARD' },
    });
    expect(nak.segment('MSA')?.field(1)).toBe('AR');
    expect(nak.segment('MSA')?.field(2)).toBe('CTRL42');
    expect(nak.segment('ERR')?.component(3, 1)).toBe('102');
    expect(nak.segment('ERR')?.rawField(2)).toBe('PID^1^1^1^1');
  });

  it('answers CR in enhanced mode and 100 for text that is not HL7 at all', () => {
    const enhanced = parseHl7(
      buildNak(message('AL', 'NE').replace('PID|1|', 'PID|x|'), new Error('x'), { responder }),
    );
    expect(enhanced.segment('MSA')?.field(1)).toBe('CR');
    const garbage = parseHl7(buildNak('GET / HTTP/1.1\r\n', new Error('x'), { responder }));
    expect(garbage.segment('MSA')?.field(1)).toBe('AR');
    expect(garbage.segment('MSA')?.field(2)).toBe('');
    expect(garbage.segment('ERR')?.component(3, 1)).toBe('100');
  });

  it('never copies a hostile header value into the answer', () => {
    const hostile = 'MSH|^~\\&|A\\F\\B~C|F|R|F|x||ORU^R01|ID|P|2.6\rBAD';
    const nak = buildNak(hostile, new Error('x'), { responder });
    expect(
      nak
        .split('\r')
        .filter(Boolean)
        .map((line) => line.slice(0, 3)),
    ).toEqual(['MSH', 'MSA', 'ERR']);
    expect(parseHl7(nak).receiving.application).toBe('');
  });
});
