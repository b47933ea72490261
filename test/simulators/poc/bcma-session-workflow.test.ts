import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pivErrorForReason } from '../../../simulators/hl7/pcd/piv-errors.ts';
import type { BcmaSession } from '../../../simulators/poc/bcma-session.ts';
import type { PointOfCare } from '../../../simulators/poc/workstation.ts';
import { heparinLabel, heparinOrder, pumpLabel, wristband } from './poc-fixtures.ts';
import { codeOf, startPocHarness, type PocHarness, type WorkstationOptions } from './poc-harness.ts';
import { startTwoStepPumpServer } from './poc-lab.ts';
import { waitFor } from '../../helpers/wait-for.ts';

let lab: PocHarness;

beforeAll(async () => {
  lab = await startPocHarness();
});
beforeEach(() => lab.reset());
afterAll(() => lab?.close());

/** A session with wristband, heparin label and pump scanned. */
function scanned(poc: PointOfCare, label = heparinLabel): BcmaSession {
  const session = poc.session();
  session.scanWristband(wristband);
  session.scanMedication(label);
  session.scanPump(pumpLabel);
  return session;
}

/** A session the pump server accepted. */
async function accepted(options: WorkstationOptions = {}): Promise<BcmaSession> {
  const session = scanned(await lab.workstation(options));
  await session.verify();
  await session.send();
  return session;
}

describe('the BCMA workflow', () => {
  it('takes the scans in order only', async () => {
    const session = (await lab.workstation()).session();
    expect(session.state).toBe('awaiting-wristband');
    expect(await codeOf(() => session.scanMedication(heparinLabel))).toBe('POC_WORKFLOW_STATE');
    expect(await codeOf(() => session.scanPump(pumpLabel))).toBe('POC_WORKFLOW_STATE');
    expect(await codeOf(session.verify())).toBe('POC_WORKFLOW_STATE');
    session.scanWristband(wristband);
    expect(await codeOf(() => session.scanWristband(wristband))).toBe('POC_WORKFLOW_STATE');
    expect(session.state).toBe('awaiting-medication');
  });

  it('stays where it was after a barcode that cannot be read', async () => {
    const session = (await lab.workstation()).session();
    expect(await codeOf(() => session.scanWristband('PUMP|PL00001'))).toBe('POC_BARCODE_INVALID');
    expect(session.state).toBe('awaiting-wristband');
  });

  it('refuses to send before the five rights are verified', async () => {
    const session = scanned(await lab.workstation());
    expect(await codeOf(session.send())).toBe('POC_WORKFLOW_STATE');
    expect(lab.pumpServer.received).toEqual([]);
  });

  it('sends nothing when a right fails, and passes once the nurse programs the ordered dose', async () => {
    const session = scanned(await lab.workstation());
    const wrong = { dose: { kind: 'dose-rate' as const, value: 12_000, unit: 'units/h' }, vtbiMl: 250 };
    const check = await session.verify(wrong);
    expect(check.findings.map((f) => f.code)).toEqual(['POC_WRONG_DOSE']);
    expect(session.state).toBe('checks-failed');
    expect(session.check).toBe(check);
    expect(await codeOf(session.send())).toBe('POC_WORKFLOW_STATE');
    expect(lab.pumpServer.received).toEqual([]);

    expect((await session.verify({ dose: heparinOrder.dose, vtbiMl: 250 })).ok).toBe(true);
    expect(session.state).toBe('verified');
  });

  it('reports an order the EHR does not know and lets the nurse verify again', async () => {
    const session = scanned(await lab.workstation(), 'RX|ORD9999|heparin|100 units/mL');
    expect(await codeOf(session.verify())).toBe('POC_EHR_NOT_FOUND');
    expect(session.state).toBe('ready-to-verify');
  });

  it('fails the right patient when the label is for an order of another patient', async () => {
    const session = (await lab.workstation()).session();
    session.scanWristband('WB|MRN100004');
    session.scanMedication(heparinLabel);
    session.scanPump(pumpLabel);
    lab.ehr.orders.get('ORD5000')!.mrn = 'MRN100011';
    try {
      const check = await session.verify();
      expect(check.byRight.patient).toBe('fail');
    } finally {
      lab.ehr.orders.get('ORD5000')!.mrn = heparinOrder.mrn;
    }
  });

  it('confirms only once the pump server accepted, and not twice', async () => {
    const session = scanned(await lab.workstation());
    await session.verify();
    expect(await codeOf(session.confirm())).toBe('POC_WORKFLOW_STATE');
    await session.send();
    await session.confirm();
    expect(await codeOf(session.confirm())).toBe('POC_WORKFLOW_STATE');
    expect(await codeOf(session.send())).toBe('POC_WORKFLOW_STATE');
    expect(lab.patches()).toEqual(['PATCH ORD5000 in-progress']);
  });

  it('marks nothing when the onConfirm hook fails, and confirms on the next try without starting twice', async () => {
    let calls = 0;
    const session = await accepted({
      onConfirm: async () => {
        calls += 1;
        if (calls === 1) throw new Error('pump did not start');
      },
    });
    await expect(session.confirm()).rejects.toThrow('pump did not start');
    expect(session.state).toBe('accepted');
    expect(lab.patches()).toEqual([]);
    await session.confirm();
    expect(calls).toBe(2);
    expect(lab.patches()).toEqual(['PATCH ORD5000 in-progress']);
  });

  it('gives every order its own control id, acknowledged in MSA-2', async () => {
    const poc = await lab.workstation();
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const session = scanned(poc);
      await session.verify();
      ids.push((await session.send()).controlId);
    }
    expect(new Set(ids).size).toBe(2);
    expect(lab.pumpServer.received.map((p) => p.controlId)).toEqual(ids);
  });

  it('keeps the order verified when the pump server cannot be reached', async () => {
    const closed = await startTwoStepPumpServer(lab.pki.pumpServer, { accepted: true });
    await closed.close();
    const session = scanned(await lab.workstation({ pumpServerPort: closed.port }));
    await session.verify();
    expect(await codeOf(session.send())).toBe('MLLP_CONNECTION_CLOSED');
    expect(session.state).toBe('verified');
  });

  it('reports the EHR unavailable when the EHR certificate does not chain to what it trusts', async () => {
    const session = scanned(await lab.workstation({ material: { ...lab.pki.poc, ca: lab.pki.poc.cert } }));
    // The workstation trusts its own leaf instead of the lab root, so no lab server is trusted.
    expect(await codeOf(session.verify())).toBe('POC_EHR_UNAVAILABLE');
  });
});

describe('a pump server that sends an accept ACK^O15 before the RRG^O16', () => {
  it('waits for the RRG^O16 and reports both', async () => {
    const server = await startTwoStepPumpServer(lab.pki.pumpServer, { accepted: true });
    try {
      const session = scanned(await lab.workstation({ pumpServerPort: server.port }));
      await session.verify();
      const outcome = await session.send();
      expect(outcome).toMatchObject({ status: 'accepted', acceptAck: 'CA', ackCode: 'AA' });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('surfaces the refusal the RRG^O16 carries', async () => {
    const errors = [pivErrorForReason('PUMP_DRUG_NOT_IN_LIBRARY')];
    const server = await startTwoStepPumpServer(lab.pki.pumpServer, {
      accepted: false,
      errors,
      ackCode: 'AR',
    });
    try {
      const session = scanned(await lab.workstation({ pumpServerPort: server.port }));
      await session.verify();
      const outcome = await session.send();
      expect(outcome).toMatchObject({ status: 'refused', acceptAck: 'CA', ackCode: 'AR' });
      expect(outcome.reasons.map((r) => r.pivCode)).toEqual(['9010']);
      expect(outcome.reasons[0]?.message).toBe('Unable to match medication to drug library.');
    } finally {
      await server.close();
    }
  });

  it('takes the RRG^O16 the pump server sends to the workstation inbox on a connection of its own', async () => {
    let inbox = { host: '', port: 0 };
    const errors = [pivErrorForReason('PUMP_BUSY')];
    const answer = { accepted: false as const, errors, ackCode: 'AR' as const };
    const server = await startTwoStepPumpServer(lab.pki.pumpServer, answer, () => inbox);
    try {
      const poc = await lab.workstation({ inbox: true, pumpServerPort: server.port });
      inbox = { host: poc.inbox!.host, port: poc.inbox!.port };
      const session = scanned(poc);
      await session.verify();
      const outcome = await session.send();
      expect(outcome).toMatchObject({ status: 'refused', acceptAck: 'CA', ackCode: 'AR' });
      expect(outcome.reasons.map((r) => r.pivCode)).toEqual(['9002']);
      // The inbox hands the RRG^O16 over before its CA reaches the pump server.
      await waitFor(() => server.inboxAnswers.length > 0, 'the inbox answer');
      expect(server.inboxAnswers).toEqual(['CA']);
    } finally {
      await server.close();
    }
  });
});
