import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../../core/errors.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { labEui64 } from '../../../../simulators/hl7/pcd/equipment-id.ts';
import { buildPcd01, parsePcd01 } from '../../../../simulators/hl7/pcd/pcd01-device-observation.ts';
import { at, ehr, fixture, newYork, parseBoth, pumpServer, pumpStatus } from './pcd-test-kit.ts';

const patient = {
  mrn: 'MRN-1001',
  name: { family: 'Doe', given: 'John' },
  birthDate: '1966-01-01',
  sex: 'M' as const,
};
const build = (status = pumpStatus(), extra: Partial<Parameters<typeof buildPcd01>[0]> = {}) =>
  buildPcd01({
    status,
    patient,
    location: { unit: 'ICU', room: '12', bed: 'A' },
    controlId: 'PCD01-1',
    at,
    offsetMinutes: newYork,
    sender: pumpServer,
    receiver: ehr,
    ...extra,
  });

/** OBX-4 paths of a message: [MDS, VMD, channel, metric]. */
const paths = (text: string) =>
  parseHl7(text)
    .segments('OBX')
    .map((obx) => obx.field(4).split('.').map(Number));

describe('PCD-01 device observation (ORU^R01)', () => {
  it('parses with hl7v2 and parseHl7, with the PCD-01 header of TF-2 B.1', () => {
    const parsed = parseBoth(build());
    expect(parsed.messageType).toBe('ORU^R01^ORU_R01');
    expect(parsed.header.rawField(21)).toBe('IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO');
    expect([parsed.acceptAckType, parsed.applicationAckType]).toEqual(['AL', 'NE']);
    expect(parsed.timestamp).toBe('20240105120000-0500');
  });

  it('reads back what it was built from, negative UTC offsets included', () => {
    const status = pumpStatus();
    const observation = parsePcd01(parseBoth(build(status)));
    expect(observation).toMatchObject({
      controlId: 'PCD01-1',
      sentAt: { ms: at, offsetMinutes: newYork },
      observedAt: { ms: Date.parse(status.sentAt), offsetMinutes: newYork },
      patient,
      location: { unit: 'ICU', room: '12', bed: 'A' },
      pump: { id: 'PL-0001', model: 'PL-LVP-1', eui64: labEui64('PL-0001') },
      placerOrderNumber: 'ORD-7781',
      state: 'infusing',
      rate: 13.3,
      programmedRate: 13.3,
      doseRate: { value: 5, unit: 'mcg/kg/min' },
      vtbi: 250,
      volumeDelivered: 37.25,
      vtbiRemaining: 212.75,
      drugName: 'Dopamine',
      concentration: { value: 1.6, unit: 'mg/mL' },
      libraryVersion: '1.4.0',
      careArea: 'icu',
    });
    expect(observation.timeRemaining).toBeCloseTo((212.75 / 13.3) * 60, 3);
  });

  it('keeps every lab delivery state through the TF-3 MDC_PUMP_STAT value and its local alternate', () => {
    for (const state of ['standby', 'programming', 'paused', 'kvo', 'complete', 'alarm'] as const) {
      const observation = parsePcd01(parseBoth(build(pumpStatus({ state }))));
      expect(observation.state).toBe(state);
      expect(observation.pumpStatus).toMatch(/^pump-status-(standby|ready|paused|kvo)$/);
    }
  });

  it('reports no flow when paused, and no source channel or PID when there is none', () => {
    const paused = parsePcd01(parseBoth(build(pumpStatus({ state: 'paused' }))));
    expect(paused).toMatchObject({ rate: 0, programmedRate: 13.3 });
    const idle = build(pumpStatus({ state: 'standby', infusion: null }), { patient: undefined });
    const parsed = parseBoth(idle);
    expect(parsed.segment('PID')).toBeUndefined();
    expect(parsed.segments('OBX').map((obx) => obx.component(3, 1))).not.toContain('126977');
    expect(parsePcd01(parsed)).toMatchObject({ state: 'standby', rate: 0, pump: { id: 'PL-0001' } });
  });

  it('writes OBX-4 as a consistent MDS.VMD.CHAN.METRIC hierarchy in dictionary order (TF-2 B.8.3-B.8.4)', () => {
    const all = paths(build());
    const keys = all.map((path) => path.join('.'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.every((path) => path.length === 4)).toBe(true);
    const sorted = [...all].sort((a, b) => a.reduce((d, v, i) => d || v - (b[i] ?? 0), 0));
    expect(sorted).toEqual(all);
    for (const [mds, vmd, chan, metric] of all as [number, number, number, number][]) {
      expect(keys).toContain(`${mds}.0.0.0`);
      if (vmd !== 0 && (chan !== 0 || metric !== 0)) expect(keys).toContain(`${mds}.${vmd}.0.0`);
      if (chan !== 0 && metric !== 0) expect(keys).toContain(`${mds}.${vmd}.${chan}.0`);
    }
    expect(keys.slice(0, 5)).toEqual(['1.0.0.0', '1.0.0.1', '1.0.0.2', '1.1.0.0', '1.1.1.0']);
  });

  it('puts the pump in OBX-18 of the MDS and VMD as serial^model^EUI-64^EUI-64, and times metrics in OBX-14', () => {
    const obx = parseHl7(build()).segments('OBX');
    const mds = obx.find((view) => view.field(4) === '1.0.0.0');
    expect(mds?.rawField(18)).toBe(`PL-0001^PL-LVP-1^${labEui64('PL-0001')}^EUI-64`);
    expect(labEui64('PL-0001')).toMatch(/^[0-9A-F]{16}$/);
    const metrics = obx.filter((view) => !view.field(4).endsWith('.0'));
    expect(metrics.every((view) => view.field(14) === '20240105115959-0500')).toBe(true);
  });

  it('reads the published IPEC pump observation sample (TF supplement IPEC Rev 1.5 X.1.2.2)', () => {
    const observation = parsePcd01(parseBoth(fixture('ipec-x122-pcd10-pump-delivery-start.hl7')));
    expect(observation).toMatchObject({
      pump: { id: 'E0002', eui64: '0012210000000000' },
      placerOrderNumber: 'AB12345',
      patient: { mrn: 'HO2009002' },
      state: 'infusing',
      rate: 15.4,
      doseRate: { value: 5, unit: 'mcg/kg/min' },
      vtbi: 250,
      volumeDelivered: 0,
      timeRemaining: 974,
      drugName: 'Dopamine',
      concentration: { value: 1.6, unit: 'mg/mL' },
      libraryVersion: 'DL1',
      careArea: 'Crit Care',
      observedAt: { ms: Date.UTC(2015, 9, 15, 18, 21, 6), offsetMinutes: -300 },
    });
  });

  it('reads the TF-2 E.1.1 monitor sample without pump data', () => {
    const observation = parsePcd01(parseBoth(fixture('tf2-e1-pcd01-physio-monitor.hl7')));
    expect(observation.pump.id).toBe('e86c094f-f751-4acf-92b2-38f11c1f6f57-Device');
    expect(observation.rate).toBeUndefined();
    expect(observation.patient?.mrn).toBe('HO2009001');
  });

  it('refuses other message types with HL7_MESSAGE_TYPE_UNEXPECTED', () => {
    const alarm = parseBoth(fixture('tf2-e3-pcd04-pump-occlusion-start.hl7'));
    expect(() => parsePcd01(alarm)).toThrow(expect.objectContaining({ code: 'HL7_MESSAGE_TYPE_UNEXPECTED' }));
  });

  it('names the OBX field that holds no number (HL7_CONTENT_INVALID, 0357 code 102)', () => {
    const broken = build().replace('|13.3|265266', '|fast|265266');
    try {
      parsePcd01(parseHl7(broken));
      expect.unreachable();
    } catch (error) {
      expect(isPumplabError(error, 'HL7_CONTENT_INVALID')).toBe(true);
      expect(isPumplabError(error) && error.details).toMatchObject({
        location: 'OBX^7^5',
        hl7ErrorCode: '102',
      });
    }
  });
});
