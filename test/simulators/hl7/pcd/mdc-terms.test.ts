import { describe, expect, it } from 'vitest';
import { alarmCodes } from '../../../../simulators/contract/pump-messages.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { buildAdt } from '../../../../simulators/hl7/pcd/adt.ts';
import { alarmTerms } from '../../../../simulators/hl7/pcd/mdc-alarm-terms.ts';
import { mdcTerms, type MdcTerm } from '../../../../simulators/hl7/pcd/mdc-terms.ts';
import { mdcUnits, resolveUnit } from '../../../../simulators/hl7/pcd/mdc-units.ts';
import { buildPcd01 } from '../../../../simulators/hl7/pcd/pcd01-device-observation.ts';
import { buildRgvO15 } from '../../../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import { buildPcd04 } from '../../../../simulators/hl7/pcd/pcd04-alarm.ts';
import { at, ehr, poc, pumpServer, pumpStatus, writtenCodes } from './pcd-test-kit.ts';

const terms: MdcTerm[] = [...Object.values(mdcTerms), ...Object.values(alarmTerms)];
const termCodes = new Set(terms.map((t) => String(t.code)));
const unitCodes = new Set(mdcUnits.flatMap((u) => [String(u.code), u.ucum]));

describe('MDC terms and units', () => {
  it('holds the codes IHE PCD TF-2/TF-3 give for the pump, its rate, dose rate, weight and units', () => {
    expect(mdcTerms.pumpMds.code).toBe(69985);
    expect(mdcTerms.pumpVmd.code).toBe(69986);
    expect(mdcTerms.deliveryChannel.code).toBe(126978);
    expect(mdcTerms.flowRate.code).toBe(157784);
    expect(mdcTerms.doseRate.code).toBe(157924);
    expect(mdcTerms.patientWeight.code).toBe(68063);
    expect(resolveUnit([{ id: '265266', text: 'MDC_DIM_MILLI_L_PER_HR', system: 'MDC' }])?.lab).toBe('mL/h');
    expect(resolveUnit([{ id: '263762', text: 'MDC_DIM_MILLI_L', system: 'MDC' }])?.lab).toBe('mL');
  });

  it('names a source for every entry, with a code exactly when one was found', () => {
    for (const entry of [...terms, ...mdcUnits]) {
      expect(entry.source).not.toBe('');
      expect(entry.code === 0).toBe(entry.status === 'unconfirmed');
    }
  });

  it('agrees with the partition::code notation it cites (TF-2 A.1: partition * 2^16 + code)', () => {
    for (const entry of [...terms, ...mdcUnits]) {
      const cited = /\((\d)::(\d+)\)/.exec(entry.source);
      if (cited) expect(entry.code).toBe(Number(cited[1]) * 65536 + Number(cited[2]));
    }
  });

  it('writes only codes from the tables in every message it builds', () => {
    const messages = [
      buildPcd01({
        status: pumpStatus(),
        patient: { mrn: 'M1' },
        controlId: 'C1',
        at,
        sender: pumpServer,
        receiver: ehr,
      }),
      ...alarmCodes.map((alarm) =>
        buildPcd04({
          serial: 'S',
          model: 'M',
          alarm,
          phase: 'start',
          state: 'active',
          priority: 'PH',
          alertId: 'A',
          patient: undefined,
          controlId: 'C2',
          at,
          sender: pumpServer,
          receiver: ehr,
        }),
      ),
      buildRgvO15({
        patient: { mrn: 'M1', weightKg: 80 },
        pumpId: 'S',
        controlId: 'C3',
        at,
        sender: poc,
        receiver: pumpServer,
        order: {
          placerId: 'O',
          drug: { id: 'd', name: 'D' },
          doseRate: { value: 5, unit: 'mcg/kg/min' },
          vtbi: 100,
          concentration: { amount: 400, unit: 'mg', volumeMl: 250 },
        },
      }),
      buildAdt('A01', {
        patient: { mrn: 'M1', weightKg: 80 },
        location: { unit: 'ICU' },
        visit: 'V',
        controlId: 'C4',
        at,
        sender: ehr,
        receiver: pumpServer,
      }),
    ];
    for (const text of messages) {
      const parsed = parseHl7(text);
      const { observations, units } = writtenCodes(parsed);
      for (const code of observations) expect(termCodes).toContain(code);
      for (const code of units) expect(unitCodes).toContain(code);
      for (const obx of parsed.segments('OBX')) {
        if (obx.field(2) === 'CWE' && obx.component(5, 3) === 'MDC' && obx.component(5, 1) !== '') {
          expect(termCodes).toContain(obx.component(5, 1));
        }
      }
    }
  });
});
