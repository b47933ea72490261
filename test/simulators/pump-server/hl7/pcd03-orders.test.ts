import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../../core/errors.ts';
import { readAck } from '../../../../simulators/hl7/message/ack-reader.ts';
import type { ParsedHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { parseRrgO16 } from '../../../../simulators/hl7/pcd/rrg-o16.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import {
  adt,
  originalMode,
  propofol,
  rgv,
  routedPocParty,
  startHl7ServerLab,
  type Hl7ServerLab,
} from './hl7-server-lab.ts';

/** PL00001 and PL00004 are icu pumps, PL00002 med-surg, PL00003 oncology (fleet-plan.ts). */
describe('the pump server as PCD-03 infusion order consumer', () => {
  let lab: Hl7ServerLab;

  const order = async (message: string): Promise<ParsedHl7> => lab.orderLink.send(message);
  const stateOf = (serial: string) => lab.server.inventory.get(serial)?.state;
  const programmed = (serial: string) =>
    lab.server.store.events.count({ serial, type: 'infusion-programmed' });

  beforeAll(async () => {
    lab = await startHl7ServerLab();
    const admit = async (mrn: string, unit: string, weightKg: number) =>
      expect(readAck(await lab.adtLink.send(adt(lab, 'A01', { mrn, unit, weightKg }))).code).toBe('CA');
    await admit('MRN000101', 'ICU', 70);
    await admit('MRN000102', 'ICU', 80);
    await admit('MRN000103', '4W', 60);
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('programs the pump at the rate computed from mcg/kg/min, weight and concentration, and starts it on confirmation', async () => {
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN000101', pumpId: 'PL00001', weightKg: 70, order: propofol('ORD-1', 20) }),
      ),
    );
    expect(answer).toMatchObject({ ackCode: 'AA', accepted: true, placerOrderNumber: 'ORD-1', errors: [] });
    // TF-2 3.3.4: the clinician confirms at the pump; until then the program waits there.
    await waitFor(() => stateOf('PL00001') === 'programming', 'the program on the pump');
    expect(lab.server.hl7?.associations.of('PL00001')).toMatchObject({
      infusionId: 'ORD-1',
      mrn: 'MRN000101',
    });

    expect(await lab.server.hl7!.orders.confirmStart('ORD-1')).toEqual({ serial: 'PL00001', started: true });
    const infusion = await waitFor(() => {
      const record = lab.server.store.events.infusion('ORD-1');
      return record?.state === 'infusing' ? record : undefined;
    }, 'the infusion running');
    // 20 mcg/kg/min × 70 kg = 1.4 mg/min = 84 mg/h, at 10 mg/mL: 8.4 mL/h.
    expect(infusion.rate).toBeCloseTo(8.4, 4);
    expect(infusion.patientId).toBe('MRN000101');
  });

  it('refuses a drug that is not in the pump’s library with AR and ERR 9010, leaving the pump in standby', async () => {
    const message = rgv(lab, {
      mrn: 'MRN000103',
      pumpId: 'PL00002',
      weightKg: 60,
      order: { ...propofol('ORD-2', 20) },
    });
    const answer = parseRrgO16(await order(message));
    expect(answer).toMatchObject({ ackCode: 'AR', accepted: false, placerOrderNumber: 'ORD-2' });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        code: '207',
        application: '9010',
        detail: expect.stringContaining('PUMP_DRUG_NOT_IN_LIBRARY'),
      }),
    ]);
    expect(stateOf('PL00002')).toBe('standby');
    expect(programmed('PL00002')).toBe(0);
    expect(lab.server.hl7?.associations.of('PL00002')).toBeUndefined();
  });

  it('refuses a dose past the hard limit with AR and ERR 9024, and the pump is not programmed', async () => {
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN000102', pumpId: 'PL00004', weightKg: 80, order: propofol('ORD-3', 100) }),
      ),
    );
    expect(answer.ackCode).toBe('AR');
    expect(answer.errors[0]).toMatchObject({
      application: '9024',
      detail: expect.stringContaining('PUMP_HARD_LIMIT'),
    });
    expect(stateOf('PL00004')).toBe('standby');
    expect(programmed('PL00004')).toBe(0);
  });

  it('refuses an unknown patient with AE, ERR 204 at PID-3 and 9031', async () => {
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN999999', pumpId: 'PL00004', weightKg: 70, order: propofol('ORD-4', 10) }),
      ),
    );
    expect(answer.ackCode).toBe('AE');
    expect(answer.errors[0]).toMatchObject({
      code: '204',
      application: '9031',
      location: { segment: 'PID', field: 3 },
    });
    expect(programmed('PL00004')).toBe(0);
  });

  it('refuses an unknown pump with AE, ERR 204 and 9001', async () => {
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN000102', pumpId: 'PL09999', weightKg: 80, order: propofol('ORD-5', 10) }),
      ),
    );
    expect(answer.ackCode).toBe('AE');
    expect(answer.errors[0]).toMatchObject({ code: '204', application: '9001' });
  });

  it('refuses a pump of another care area than the patient’s unit with 9021', async () => {
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN000102', pumpId: 'PL00003', weightKg: 80, order: propofol('ORD-6', 10) }),
      ),
    );
    expect(answer.ackCode).toBe('AR');
    expect(answer.errors[0]).toMatchObject({ application: '9021' });
    expect(programmed('PL00003')).toBe(0);
  });

  it('refuses a busy pump with 9002 and leaves its infusion running', async () => {
    await waitFor(() => stateOf('PL00001') === 'infusing', 'PL00001 infusing');
    const answer = parseRrgO16(
      await order(
        rgv(lab, { mrn: 'MRN000102', pumpId: 'PL00001', weightKg: 80, order: propofol('ORD-7', 10) }),
      ),
    );
    expect(answer.ackCode).toBe('AR');
    expect(answer.errors[0]).toMatchObject({ application: '9002' });
    expect(lab.server.store.events.infusion('ORD-1')?.state).toBe('infusing');
    expect(lab.server.hl7?.associations.of('PL00001')?.infusionId).toBe('ORD-1');
  });

  it('answers an order in original mode with the RRG^O16 itself', async () => {
    const message = originalMode(
      rgv(lab, { mrn: 'MRN999998', pumpId: 'PL00004', weightKg: 80, order: propofol('ORD-8', 10) }),
    );
    const answer = await order(message);
    expect(answer.messageType).toBe('RRG^O16^RRG_O16');
    expect(readAck(answer).code).toBe('AE');
  });

  it('sends ACK^O15 CA at once and the RRG^O16 to a sender with a return route', async () => {
    const message = rgv(lab, {
      mrn: 'MRN000102',
      pumpId: 'PL00004',
      weightKg: 80,
      order: propofol('ORD-9', 15),
      sender: routedPocParty,
    });
    const accept = await order(message);
    expect(accept.messageType).toBe('ACK^O15^ACK');
    expect(readAck(accept).code).toBe('CA');
    const rrg = await waitFor(() => lab.poc.of('RRG^O16')[0], 'the RRG^O16 at the point-of-care listener');
    expect(parseRrgO16(rrg)).toMatchObject({
      ackCode: 'AA',
      placerOrderNumber: 'ORD-9',
      patientMrn: 'MRN000102',
    });
    await waitFor(() => lab.server.hl7!.outbox.counts().pending === 0, 'the RRG^O16 acknowledged');
  });

  it('refuses to confirm an infusion no accepted order holds', async () => {
    const failure = await lab.server.hl7!.orders.confirmStart('ORD-2').catch((error: unknown) => error);
    expect(isPumplabError(failure, 'HL7_UNKNOWN_INFUSION')).toBe(true);
  });
});
