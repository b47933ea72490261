import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRgvO15 } from '../../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import { pivErrorForReason } from '../../../simulators/hl7/pcd/piv-errors.ts';
import { heparinLabel, propofolLabel, pumpLabel, salineLabel, wristband } from './poc-fixtures.ts';
import { codeOf, startPocHarness, type PocHarness } from './poc-harness.ts';

let lab: PocHarness;

beforeAll(async () => {
  lab = await startPocHarness();
});
beforeEach(() => lab.reset());
afterAll(() => lab?.close());

describe('a BCMA session against a stand-in EHR and pump server', () => {
  it('sends exactly the order scanned, as RGV^O15 from poc-1, and PATCHes the order only on confirm', async () => {
    const session = (await lab.workstation()).session();
    session.scanWristband(wristband);
    session.scanMedication(heparinLabel);
    session.scanPump(pumpLabel);
    expect((await session.verify()).ok).toBe(true);
    const outcome = await session.send();
    expect(outcome).toMatchObject({ status: 'accepted', ackCode: 'AA', reasons: [] });
    expect(session.state).toBe('accepted');

    expect(lab.pumpServer.senders).toEqual(['poc-1']);
    const [received] = lab.pumpServer.received;
    const read = received && parseRgvO15(received);
    expect(read).toEqual({
      ok: true,
      order: {
        controlId: outcome.controlId,
        applicationAckType: 'AL',
        placerOrderNumber: 'ORD5000',
        patient: {
          mrn: 'MRN100004',
          name: { family: 'Rivera', given: 'Ana' },
          birthDate: '1958-03-14',
          sex: 'F',
        },
        location: { unit: 'ICU', room: '101', bed: 'A' },
        pumpId: 'PL00001',
        drug: { id: 'heparin', name: 'Heparin 25,000 units / 250 mL' },
        doseRate: { value: 1200, unit: 'units/h' },
        weightKg: 72.5,
        concentration: { amount: 100, unit: 'units' },
        vtbi: 250,
        nurseId: 'N0001',
      },
    });
    expect(lab.patches()).toEqual([]);
    expect(lab.confirmed).toEqual([]);

    const infusion = await session.confirm();
    expect(session.state).toBe('confirmed');
    expect(lab.confirmed).toEqual([infusion]);
    expect(infusion).toMatchObject({
      orderId: 'ORD5000',
      pumpSerial: 'PL00001',
      controlId: outcome.controlId,
    });
    expect(lab.ehr.calls.at(-1)).toBe('PATCH ORD5000 in-progress');
    expect(lab.ehr.orders.get('ORD5000')?.status).toBe('in-progress');
  });

  it('sends a rate order as a rate in mL/h', async () => {
    const session = (await lab.workstation()).session();
    session.scanWristband(wristband);
    session.scanMedication(salineLabel);
    session.scanPump('PUMP|PL00002');
    await session.verify();
    await session.send();
    const read = parseRgvO15(lab.pumpServer.received[0]!);
    expect(read.ok && read.order).toMatchObject({ rate: 125, vtbi: 1000, pumpId: 'PL00002', weightKg: 72.5 });
    expect(read.ok && read.order.doseRate).toBeUndefined();
  });

  it('sends a weight-based dose with the patient weight on the 68063 OBX', async () => {
    const session = (await lab.workstation()).session();
    session.scanWristband(wristband);
    session.scanMedication(propofolLabel);
    session.scanPump(pumpLabel);
    await session.verify();
    await session.send();
    const read = parseRgvO15(lab.pumpServer.received[0]!);
    expect(read.ok && read.order).toMatchObject({
      doseRate: { value: 25, unit: 'mcg/kg/min' },
      weightKg: 72.5,
      concentration: { amount: 10, unit: 'mg' },
    });
  });

  it('surfaces the ERR reason of a refusal and never marks the order', async () => {
    lab.pumpServer.answer = {
      accepted: false,
      ackCode: 'AE',
      errors: [{ ...pivErrorForReason('PUMP_HARD_LIMIT', 'above 3000 units/h'), parameter: 'RXG-15' }],
    };
    const session = (await lab.workstation()).session();
    session.scanWristband(wristband);
    session.scanMedication(heparinLabel);
    session.scanPump(pumpLabel);
    await session.verify();
    const outcome = await session.send();
    expect(outcome).toMatchObject({ status: 'refused', ackCode: 'AE' });
    expect(outcome.reasons).toEqual([
      {
        hl7Code: '207',
        pivCode: '9024',
        parameter: 'RXG-15',
        message: 'Drug library hard limit exceeded (RXG-15): above 3000 units/h.',
      },
    ]);
    expect(session.state).toBe('refused');
    expect(await codeOf(session.confirm())).toBe('POC_WORKFLOW_STATE');
    expect(lab.patches()).toEqual([]);
  });
});
