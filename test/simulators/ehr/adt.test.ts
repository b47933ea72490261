import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { Ehr } from '../../../simulators/ehr/ehr.ts';
import { parseAdt } from '../../../simulators/hl7/pcd/adt.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';
import { ehrPki, startEhrLab, type EhrLab } from './ehr-lab.ts';

let lab: EhrLab;
let mrns: string[];

beforeAll(async () => {
  lab = await startEhrLab(ehrPki());
  mrns = lab.ehr.patients().map((patient) => patient.mrn);
});
afterAll(async () => lab.close());

const mrnAt = (index: number): string => {
  const mrn = mrns[index];
  if (mrn === undefined) throw new Error(`no patient ${index}`);
  return mrn;
};
const lastAdt = () => {
  const parsed = lab.sink.received.at(-1);
  if (!parsed) throw new Error('no ADT received');
  return { parsed, adt: parseAdt(parsed) };
};

describe('ADT from the EHR to the pump server', () => {
  it('sends ADT^A01 over MLLP/TLS on admission, with bed, visit and weight', async () => {
    const patient = lab.ehr.patient(mrnAt(0));
    const result = await lab.ehr.admit(patient.mrn);
    expect(result.adt).toMatchObject({ event: 'A01', sent: true, acknowledgement: 'CA' });
    expect(result.patient.admitted).toBe(true);
    const { parsed, adt } = lastAdt();
    expect(parsed.messageType).toBe('ADT^A01^ADT_A01');
    expect(parsed.sending).toEqual({ application: 'EHR', facility: 'PUMPLAB' });
    expect(adt).toMatchObject({
      event: 'A01',
      controlId: result.adt.controlId,
      patient: { mrn: patient.mrn, name: { family: patient.family, given: patient.given }, sex: patient.sex },
      location: patient.location,
      weightKg: patient.weightKg,
      visit: expect.stringMatching(/^V\d+$/),
    });
  });

  it('sends ADT^A02 with the prior bed on transfer, and ADT^A03 on discharge', async () => {
    const mrn = mrnAt(1);
    const before = (await lab.ehr.admit(mrn)).patient;
    const to = { unit: 'ICU', room: '301', bed: 'C' };
    expect((await lab.ehr.transfer(mrn, to, 'icu')).patient).toMatchObject({ location: to, careArea: 'icu' });
    expect(lastAdt().adt).toMatchObject({ event: 'A02', location: to, priorLocation: before.location });
    expect((await lab.ehr.discharge(mrn)).patient.admitted).toBe(false);
    expect(lastAdt().adt).toMatchObject({ event: 'A03', patient: { mrn } });
  });

  it('sends ADT^A08 with a new weight', async () => {
    await lab.ehr.update(mrnAt(0), { weightKg: 71.5 });
    expect(lastAdt().adt).toMatchObject({ event: 'A08', weightKg: 71.5 });
  });

  it('surfaces a negative ACK as EHR_ADT_NOT_DELIVERED and keeps the patient as they were', async () => {
    const mrn = mrnAt(2);
    lab.sink.reply.code = 'AE';
    try {
      const error = await lab.ehr.admit(mrn).catch((caught: unknown) => caught);
      expect(isPumplabError(error, 'EHR_ADT_NOT_DELIVERED')).toBe(true);
      expect(isPumplabError(error) && error.details).toMatchObject({
        event: 'A01',
        cause: 'HL7_NEGATIVE_ACK',
        acknowledgement: 'AE',
      });
      expect(lab.ehr.patient(mrn).admitted).toBe(false);
      expect(lab.logs.some((line) => line.includes('ADT not accepted'))).toBe(true);
    } finally {
      lab.sink.reply.code = 'CA';
    }
    expect((await lab.ehr.admit(mrn)).patient.admitted).toBe(true);
  });

  it('refuses to admit an admitted patient and to discharge one not admitted', async () => {
    await expect(lab.ehr.admit(mrnAt(0))).rejects.toMatchObject({ code: 'EHR_PATIENT_ALREADY_ADMITTED' });
    await expect(lab.ehr.discharge(mrnAt(3))).rejects.toMatchObject({ code: 'EHR_PATIENT_NOT_ADMITTED' });
    await expect(lab.ehr.admit('MRN000000')).rejects.toMatchObject({ code: 'EHR_PATIENT_NOT_FOUND' });
  });

  it('admits over REST, answering with the patient and the acknowledgement', async () => {
    const mrn = mrnAt(4);
    const reply = await lab.request('POST', `/api/v1/patients/${mrn}/admit`);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      patient: { mrn, admitted: true },
      adt: { event: 'A01', sent: true, acknowledgement: 'CA' },
    });
    expect(lastAdt().adt.event).toBe('A01');
    const transfer = await lab.request('POST', `/api/v1/patients/${mrn}/transfer`, {
      json: { unit: '4W', room: '410', bed: 'A' },
    });
    expect(transfer.json()).toMatchObject({ patient: { location: { unit: '4W', room: '410', bed: 'A' } } });
    const discharge = await lab.request('POST', `/api/v1/patients/${mrn}/discharge`);
    expect(discharge.json()).toMatchObject({ patient: { admitted: false }, adt: { event: 'A03' } });
  });

  it('answers 502 EHR_ADT_NOT_DELIVERED when the pump server is unreachable', async () => {
    const offline = new Ehr({
      stateDir: lab.pki.dir,
      library: sampleDrugLibrary,
      patients: 2,
      seed: 11,
      pumpServerHl7: { host: '127.0.0.1', port: 1 },
    });
    await offline.start({ host: '127.0.0.1', hl7Port: 0, restPort: 0 });
    try {
      const error = await offline.admit(mrnAt(0)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'EHR_ADT_NOT_DELIVERED',
        details: { cause: 'MLLP_CONNECTION_CLOSED' },
      });
    } finally {
      await offline.close();
    }
  });
});
