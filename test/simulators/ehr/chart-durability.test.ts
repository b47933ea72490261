import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAck } from '../../../simulators/hl7/message/ack-reader.ts';
import { ehrPki, startEhrLab } from './ehr-lab.ts';
import { pcd01For, pcd04For } from './pcd-messages.ts';

describe('the chart on disk', () => {
  it('keeps every acknowledged observation and alarm across a restart of the EHR', async () => {
    const pki = ehrPki();
    const first = await startEhrLab(pki);
    const [patient] = first.ehr.patients();
    if (!patient) throw new Error('no patient');
    await first.ehr.admit(patient.mrn);
    const acks = [];
    for (let minute = 1; minute <= 5; minute += 1) {
      const message = pcd01For(patient, `KEEP${minute}`, { volumeMl: minute * 2.5, minutes: minute });
      acks.push(readAck(await first.pumpServer.send(message)).code);
    }
    acks.push(readAck(await first.pumpServer.send(pcd04For(patient, 'KEEPALARM'))).code);
    expect(acks).toEqual(['CA', 'CA', 'CA', 'CA', 'CA', 'CA']);
    const before = first.ehr.chart(patient.mrn);
    await first.close();

    const file = path.join(pki.dir, 'ehr', 'chart.sqlite');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = await startEhrLab(pki);
    try {
      const reply = await second.request('GET', `/api/v1/patients/${patient.mrn}/chart`);
      expect(reply.json()).toEqual(before);
      expect(before.observations.map((entry) => entry.controlId)).toEqual([
        'KEEP1',
        'KEEP2',
        'KEEP3',
        'KEEP4',
        'KEEP5',
      ]);
      expect(before.alarms.map((entry) => entry.controlId)).toEqual(['KEEPALARM']);
      expect(before.infusions).toEqual([
        expect.objectContaining({ infusionId: 'ORD5000', volumeDeliveredMl: 12.5 }),
      ]);
    } finally {
      await second.close();
    }
  });
});
