import { describe, expect, it } from 'vitest';
import { buildAck } from '../../../../simulators/hl7/message/ack.ts';
import { assertAccepted, readAck } from '../../../../simulators/hl7/message/ack-reader.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';

const original = parseHl7('MSH|^~\\&|POC|WARD|PUMPSRV|LAB|20240105120000-0500||RGV^O15^RGV_O15|C7|P|2.6\r');
const responder = { app: 'PUMPSRV', facility: 'LAB' };

describe('readAck and assertAccepted', () => {
  it('reads MSA and every ERR back as written', () => {
    const errors = [
      { code: '207', severity: 'E' as const, location: 'RXG^1^4', text: 'Drug is not in the pump library.' },
      { code: '103', severity: 'W' as const, text: 'Unknown care area code.' },
    ];
    const answer = parseHl7(buildAck(original, { code: 'AR', errors, responder, timestamp: 0 }));
    expect(readAck(answer)).toEqual({ code: 'AR', acknowledges: 'C7', errors });
    expect(() => assertAccepted(answer)).toThrow(
      expect.objectContaining({ code: 'HL7_NEGATIVE_ACK', details: expect.objectContaining({ code: 'AR' }) }),
    );
  });

  it('passes AA and CA', () => {
    for (const code of ['AA', 'CA'] as const) {
      const answer = parseHl7(buildAck(original, { code, responder, timestamp: 0 }));
      expect(assertAccepted(answer)).toEqual({ code, acknowledges: 'C7', errors: [] });
    }
  });

  it('refuses an answer without MSA', () => {
    expect(() => assertAccepted(original)).toThrow(expect.objectContaining({ code: 'HL7_NEGATIVE_ACK' }));
  });
});
