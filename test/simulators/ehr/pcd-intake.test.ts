import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chart } from '../../../simulators/ehr/chart.ts';
import type { Patient } from '../../../simulators/ehr/patient.ts';
import { readAck } from '../../../simulators/hl7/message/ack-reader.ts';
import { Hl7Builder } from '../../../simulators/hl7/message/hl7-build.ts';
import { fixture } from '../hl7/pcd/pcd-test-kit.ts';
import { ehrPki, startEhrLab, type EhrLab } from './ehr-lab.ts';
import { originalMode, pcd01For, pcd04For, withoutPatient } from './pcd-messages.ts';

let lab: EhrLab;
let patient: Patient;

beforeAll(async () => {
  lab = await startEhrLab(ehrPki());
  const first = lab.ehr.patients()[0];
  if (!first) throw new Error('the ward is empty');
  patient = (await lab.ehr.admit(first.mrn)).patient;
});
afterAll(async () => lab.close());

const chartOf = async (mrn: string): Promise<Chart> => {
  const reply = await lab.request('GET', `/api/v1/patients/${mrn}/chart`);
  expect(reply.status).toBe(200);
  return reply.json<Chart>();
};

describe('the EHR HL7 listener', () => {
  it('charts a PCD-01 for an admitted patient and accepts it with CA (MSH-15 AL, MSH-16 NE)', async () => {
    const ack = readAck(await lab.pumpServer.send(pcd01For(patient, 'OBS1', { volumeMl: 12.5 })));
    expect(ack).toEqual({ code: 'CA', acknowledges: 'OBS1', errors: [] });
    const chart = await chartOf(patient.mrn);
    expect(chart.observations).toContainEqual(
      expect.objectContaining({
        controlId: 'OBS1',
        pumpId: 'PL-0001',
        state: 'infusing',
        drugName: 'Dopamine',
        rateMlPerHour: 13.3,
        volumeDeliveredMl: 12.5,
        infusionId: 'ORD5000',
      }),
    );
  });

  it('answers AA in the original acknowledgement mode', async () => {
    const answer = await lab.pumpServer.send(originalMode(pcd01For(patient, 'OBS2', { volumeMl: 20 })));
    expect(readAck(answer)).toMatchObject({ code: 'AA', acknowledges: 'OBS2' });
  });

  it('reports the latest volume delivered per infusion, by observation time', async () => {
    await lab.pumpServer.send(pcd01For(patient, 'VOL3', { volumeMl: 40, minutes: 30, infusionId: 'ORD9' }));
    await lab.pumpServer.send(pcd01For(patient, 'VOL2', { volumeMl: 30, minutes: 20, infusionId: 'ORD9' }));
    const chart = await chartOf(patient.mrn);
    expect(chart.infusions.find((infusion) => infusion.infusionId === 'ORD9')).toMatchObject({
      pumpId: 'PL-0001',
      volumeDeliveredMl: 40,
    });
  });

  it('charts a PCD-04 alarm with its pump, phase and state', async () => {
    const ack = readAck(await lab.pumpServer.send(pcd04For(patient, 'ALM1')));
    expect(ack.code).toBe('CA');
    expect(readAck(await lab.pumpServer.send(originalMode(pcd04For(patient, 'ALM2', 'end')))).code).toBe(
      'AA',
    );
    const chart = await chartOf(patient.mrn);
    expect(
      chart.alarms.map(({ controlId, pumpId, alarm, phase, state }) => ({
        controlId,
        pumpId,
        alarm,
        phase,
        state,
      })),
    ).toEqual([
      { controlId: 'ALM1', pumpId: 'PL-0001', alarm: 'occlusion', phase: 'start', state: 'active' },
      { controlId: 'ALM2', pumpId: 'PL-0001', alarm: 'occlusion', phase: 'end', state: 'inactive' },
    ]);
  });

  it('answers AE with ERR 204 at PID-3 for a patient it does not know (CE when only CA was asked)', async () => {
    const stranger = { ...patient, mrn: 'MRN999999' };
    const original = readAck(await lab.pumpServer.send(originalMode(pcd01For(stranger, 'UNK1'))));
    expect(original).toMatchObject({
      code: 'AE',
      errors: [{ code: '204', severity: 'E', location: 'PID^1^3' }],
    });
    const enhanced = readAck(await lab.pumpServer.send(pcd04For(stranger, 'UNK2')));
    expect(enhanced).toMatchObject({ code: 'CE', errors: [{ code: '204' }] });
  });

  it('answers AE 101 for a report that names no patient', async () => {
    const ack = readAck(await lab.pumpServer.send(originalMode(withoutPatient(pcd01For(patient, 'NOPID')))));
    expect(ack).toMatchObject({ code: 'AE', errors: [{ code: '101', location: 'PID^1^3' }] });
  });

  it('refuses a message type that is not PCD-01 or PCD-04 with AR 200', async () => {
    const adt = new Hl7Builder({
      sendingApp: 'PUMPSRV',
      sendingFacility: 'PUMPLAB',
      receivingApp: 'EHR',
      receivingFacility: 'PUMPLAB',
      messageType: 'ADT^A01^ADT_A01',
      controlId: 'NOTPCD',
      timestamp: '20260302090000-0500',
    })
      .segment('EVN', [undefined, '20260302090000-0500'])
      .segment('PID', ['1', undefined, [patient.mrn, '', '', 'PUMPLAB', 'MR'], undefined, ['Doe', 'Jane']])
      .segment('PV1', ['1', 'I', ['ICU', '1', 'A']])
      .toString();
    expect(readAck(await lab.pumpServer.send(adt))).toMatchObject({
      code: 'AR',
      errors: [{ code: '200', location: 'MSH^1^9' }],
    });
    const query = adt.replace('ADT^A01^ADT_A01', 'QRY^A19^QRY_A19').replace('NOTPCD', 'NOTPCD2');
    expect(readAck(await lab.pumpServer.send(query))).toMatchObject({
      code: 'AR',
      errors: [{ code: '200' }],
    });
  });

  it('reads the published IHE PCD-01 sample and answers it CE 204: its patient is not on this ward', async () => {
    const ack = readAck(await lab.pumpServer.send(fixture('tf2-e1-pcd01-physio-monitor.hl7')));
    expect(ack).toMatchObject({ code: 'CE', errors: [{ code: '204' }] });
  });

  it('charts a resent report once', async () => {
    const message = pcd01For(patient, 'DUP1', { volumeMl: 50, infusionId: 'ORD-DUP' });
    expect(readAck(await lab.pumpServer.send(message)).code).toBe('CA');
    expect(readAck(await lab.pumpServer.send(message)).code).toBe('CA');
    const chart = await chartOf(patient.mrn);
    expect(chart.observations.filter((entry) => entry.controlId === 'DUP1')).toHaveLength(1);
  });

  it('never writes a patient identifier or name to its logs', () => {
    expect(lab.logs.length).toBeGreaterThan(0);
    const text = lab.logs.join('\n');
    for (const secret of [patient.mrn, patient.family, patient.given, 'MRN999999']) {
      expect(text).not.toContain(secret);
    }
  });
});
