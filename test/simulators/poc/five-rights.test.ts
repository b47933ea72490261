import { describe, expect, it } from 'vitest';
import type { InfusionOrder } from '../../../simulators/ehr/infusion-order.ts';
import type { Patient } from '../../../simulators/ehr/patient.ts';
import { parseMedicationLabel, parsePumpLabel, parseWristband } from '../../../simulators/poc/barcodes.ts';
import {
  checkFiveRights,
  type ProgrammedDose,
  type RightsInput,
} from '../../../simulators/poc/five-rights.ts';
import { due, heparinLabel, heparinOrder, patient, pumpLabel, wristband } from './poc-fixtures.ts';

const minutes = 60_000;

/** The heparin order scanned correctly, 10 min after it is due; `change` makes one thing wrong. */
function input(
  change: Partial<{
    wristband: string;
    label: string;
    order: Partial<InfusionOrder>;
    patient: Partial<Patient>;
    programmed: ProgrammedDose;
    now: number;
  }> = {},
): RightsInput {
  const order = { ...heparinOrder, ...change.order };
  return {
    scanned: {
      wristband: parseWristband(change.wristband ?? wristband),
      medication: parseMedicationLabel(change.label ?? heparinLabel),
      pump: parsePumpLabel(pumpLabel),
    },
    order,
    patient: { ...patient, ...change.patient },
    programmed: change.programmed ?? { dose: order.dose, vtbiMl: order.vtbiMl },
    now: change.now ?? due + 10 * minutes,
  };
}

const codes = (check: ReturnType<typeof checkFiveRights>) => check.findings.map((f) => f.code);

describe('the five rights', () => {
  it('pass when everything scanned matches the order, within the time window', () => {
    const check = checkFiveRights(input());
    expect(check).toEqual({
      ok: true,
      byRight: { patient: 'pass', drug: 'pass', dose: 'pass', route: 'pass', time: 'pass' },
      findings: [],
    });
  });

  it('fail the right patient when the wristband is another patient', () => {
    const check = checkFiveRights(input({ wristband: 'WB|MRN100011' }));
    expect(codes(check)).toEqual(['POC_WRONG_PATIENT']);
    expect(check.byRight.patient).toBe('fail');
    expect(check.ok).toBe(false);
  });

  it('fail the right drug when the label names another drug than the order', () => {
    const check = checkFiveRights(input({ label: 'RX|ORD5000|morphine|100 units/mL' }));
    expect(codes(check)).toEqual(['POC_WRONG_DRUG']);
    expect(check.byRight).toMatchObject({ drug: 'fail', patient: 'pass', dose: 'pass' });
  });

  it('fail the right drug when the patient is allergic to it', () => {
    const check = checkFiveRights(input({ patient: { allergies: ['penicillin', 'Heparin'] } }));
    expect(codes(check)).toEqual(['POC_ALLERGY']);
    expect(check.findings[0]?.message).toMatch(/allergic to Heparin/);
  });

  it('fail the right dose when the dose to be programmed differs from the order', () => {
    const programmed: ProgrammedDose = {
      dose: { kind: 'dose-rate', value: 12_000, unit: 'units/h' },
      vtbiMl: 250,
    };
    expect(codes(checkFiveRights(input({ programmed })))).toEqual(['POC_WRONG_DOSE']);
  });

  it('fail the right dose when the dose unit differs, even with the same number', () => {
    const programmed: ProgrammedDose = {
      dose: { kind: 'dose-rate', value: 1200, unit: 'units/min' },
      vtbiMl: 250,
    };
    expect(codes(checkFiveRights(input({ programmed })))).toEqual(['POC_WRONG_DOSE']);
  });

  it('fail the right dose when a rate is programmed for a dose-rate order', () => {
    const programmed: ProgrammedDose = { dose: { kind: 'rate', mlPerHour: 12 }, vtbiMl: 250 };
    expect(codes(checkFiveRights(input({ programmed })))).toEqual(['POC_WRONG_DOSE']);
  });

  it('fail the right dose when the bag is another concentration than ordered', () => {
    const check = checkFiveRights(input({ label: 'RX|ORD5000|heparin|1000 units/mL' }));
    expect(codes(check)).toEqual(['POC_WRONG_CONCENTRATION']);
    expect(check.byRight.dose).toBe('fail');
  });

  it('fail the right dose when the volume to be infused differs from the order', () => {
    const programmed: ProgrammedDose = { dose: heparinOrder.dose, vtbiMl: 500 };
    expect(codes(checkFiveRights(input({ programmed })))).toEqual(['POC_WRONG_VOLUME']);
  });

  it('fail the right route when the order is not IV', () => {
    const order = { route: 'PO' } as unknown as Partial<InfusionOrder>;
    const check = checkFiveRights(input({ order }));
    expect(codes(check)).toEqual(['POC_WRONG_ROUTE']);
    expect(check.byRight.route).toBe('fail');
  });

  it('fail the right time more than 30 min before the order is due', () => {
    const check = checkFiveRights(input({ now: due - 31 * minutes }));
    expect(codes(check)).toEqual(['POC_WRONG_TIME']);
    expect(check.findings[0]?.message).toMatch(/31 min before/);
  });

  it('fail the right time more than 30 min after the order is due', () => {
    expect(codes(checkFiveRights(input({ now: due + 45 * minutes })))).toEqual(['POC_WRONG_TIME']);
  });

  it('pass the right time at exactly 30 min either side', () => {
    expect(checkFiveRights(input({ now: due - 30 * minutes })).ok).toBe(true);
    expect(checkFiveRights(input({ now: due + 30 * minutes })).ok).toBe(true);
  });

  it('fail the right time for an order that is no longer active', () => {
    expect(codes(checkFiveRights(input({ order: { status: 'discontinued' } })))).toEqual([
      'POC_ORDER_NOT_ACTIVE',
    ]);
  });

  it('list every failed right at once, each with a sentence to show', () => {
    const check = checkFiveRights(
      input({ wristband: 'WB|MRN100011', label: 'RX|ORD5000|morphine|1 mg/mL', now: due + 2 * 60 * minutes }),
    );
    expect(codes(check)).toEqual([
      'POC_WRONG_PATIENT',
      'POC_WRONG_DRUG',
      'POC_WRONG_CONCENTRATION',
      'POC_WRONG_TIME',
    ]);
    expect(check.byRight).toEqual({
      patient: 'fail',
      drug: 'fail',
      dose: 'fail',
      route: 'pass',
      time: 'fail',
    });
    for (const finding of check.findings) expect(finding.message).toMatch(/^[A-Z].+\.$/);
  });

  it('never puts an MRN in its sentences', () => {
    const check = checkFiveRights(input({ wristband: 'WB|MRN100011' }));
    expect(JSON.stringify(check)).not.toMatch(/MRN\d/);
  });
});
