import { describe, expect, it } from 'vitest';
import { alarmCodes } from '../../../../simulators/contract/pump-messages.ts';
import { alarmTerms } from '../../../../simulators/hl7/pcd/mdc-alarm-terms.ts';
import { buildPcd04, parsePcd04, type Pcd04Input } from '../../../../simulators/hl7/pcd/pcd04-alarm.ts';
import { at, ehr, fixture, newYork, parseBoth, pumpServer } from './pcd-test-kit.ts';

const input = (overrides: Partial<Pcd04Input> = {}): Pcd04Input => ({
  serial: 'PL-0001',
  model: 'PL-LVP-1',
  alarm: 'occlusion',
  phase: 'start',
  state: 'active',
  priority: 'PH',
  alertId: 'PL-0001-ALM-3',
  patient: { mrn: 'MRN-1001', name: { family: 'Doe', given: 'John' } },
  location: { unit: 'ICU', room: '12', bed: 'A' },
  controlId: 'PCD04-1',
  at,
  offsetMinutes: newYork,
  sender: pumpServer,
  receiver: ehr,
  ...overrides,
});

describe('PCD-04 report alert (ORU^R40)', () => {
  it('parses with hl7v2 and parseHl7, with the ACM profile id of TF-2 B.1', () => {
    const parsed = parseBoth(buildPcd04(input()));
    expect(parsed.messageType).toBe('ORU^R40^ORU_R40');
    expect(parsed.header.rawField(21)).toBe('IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.4.1^ISO');
    expect(parsed.segment('OBR')?.rawField(4)).toBe('196616^MDC_EVT_ALARM^MDC');
  });

  it('writes the seven facets of TF-2 Table B.8.5-1 under OBX-4 1.0.0.0.n', () => {
    const obx = parseBoth(buildPcd04(input())).segments('OBX');
    expect(obx.map((view) => `${view.field(4)} ${view.component(3, 1)} ${view.field(5)}`)).toEqual([
      '1.0.0.0.1 196616 196940^MDC_EVT_FLUID_LINE_OCCL^MDC^^^^^^occlusion',
      '1.0.0.0.2 68480 69985^MDC_DEV_PUMP_INFUS_MDS^MDC',
      '1.0.0.0.3 68481 start',
      '1.0.0.0.4 68482 active',
      '1.0.0.0.5 68483 enabled',
      '1.0.0.0.6 68484 PH',
      '1.0.0.0.7 68485 ST',
    ]);
  });

  it('reads back every lab alarm code, start and end, with negative offsets', () => {
    for (const alarm of alarmCodes) {
      for (const [phase, state] of [
        ['start', 'active'],
        ['end', 'inactive'],
      ] as const) {
        const alert = parsePcd04(parseBoth(buildPcd04(input({ alarm, phase, state, priority: 'PM' }))));
        expect(alert).toMatchObject({
          alarm,
          phase,
          state,
          priority: 'PM',
          alertType: alarm === 'infusion-complete' ? 'SA' : 'ST',
          alertId: 'PL-0001-ALM-3',
          pump: { id: 'PL-0001', model: 'PL-LVP-1' },
          patient: { mrn: 'MRN-1001' },
          condition: { code: String(alarmTerms[alarm].code), refId: alarmTerms[alarm].refId },
          sentAt: { ms: at, offsetMinutes: newYork },
          observedAt: { ms: at, offsetMinutes: newYork },
        });
      }
    }
  });

  it('reads the TF-2 E.3.2 infusion pump occlusion samples, start and end', () => {
    const start = parsePcd04(parseBoth(fixture('tf2-e3-pcd04-pump-occlusion-start.hl7')));
    expect(start).toMatchObject({
      alarm: 'occlusion',
      condition: { code: '196940', refId: 'MDC_EVT_FLUID_LINE_OCCL', text: 'Occlusion' },
      source: { code: '69985', refId: 'MDC_DEV_PUMP_INFUS_MDS' },
      phase: 'start',
      state: 'active',
      inactivationState: 'enabled',
      alertType: 'ST',
      pump: { id: 'P6013', eui64: '0012210000000000' },
      alertId: 'P6013_4',
      patient: { mrn: 'HO2009003' },
      location: { unit: 'HO 3 West ICU', room: '10', bed: '1' },
      sentAt: { ms: Date.UTC(2012, 0, 9, 23, 54, 17), offsetMinutes: -360 },
    });
    const end = parsePcd04(parseBoth(fixture('tf2-e3-pcd04-pump-occlusion-end.hl7')));
    expect(end).toMatchObject({ alarm: 'occlusion', phase: 'end', state: 'inactive', alertId: 'P6013_4' });
  });

  it('refuses a PCD-01 report with HL7_MESSAGE_TYPE_UNEXPECTED', () => {
    const report = parseBoth(fixture('tf2-e1-pcd01-physio-monitor.hl7'));
    expect(() => parsePcd04(report)).toThrow(
      expect.objectContaining({ code: 'HL7_MESSAGE_TYPE_UNEXPECTED' }),
    );
  });
});
