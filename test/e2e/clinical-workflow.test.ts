import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLab } from '../../lab/embedded/embedded-lab.ts';
import type { TlsMaterial } from '../../pki/tls/tls-material.ts';
import type { InfusionOrder } from '../../simulators/ehr/infusion-order.ts';
import {
  medicationBarcode,
  pumpBarcode,
  wristbandBarcode,
  type LabelStrengthUnit,
} from '../../simulators/poc/barcodes.ts';
import type { BcmaSession } from '../../simulators/poc/bcma-session.ts';
import { waitFor } from '../helpers/wait-for.ts';
import {
  chartOf,
  ehrRequest,
  onLibrary,
  orderAndPump,
  orderedRate,
  pocMaterial,
  startClinicalLab,
} from './clinical-lab.ts';

/** A point-of-care session with the wristband, the medication label and the pump scanned. */
function scanned(lab: EmbeddedLab, order: InfusionOrder, serial: string): BcmaSession {
  const session = lab.pointOfCare.session();
  session.scanWristband(wristbandBarcode(order.mrn));
  const unit = order.concentration.unit as LabelStrengthUnit;
  session.scanMedication(
    medicationBarcode({ ...order, concentration: { amount: order.concentration.amount, unit } }),
  );
  session.scanPump(pumpBarcode(serial));
  return session;
}

describe('the clinical workflow through the embedded lab', () => {
  let lab: EmbeddedLab;
  let material: TlsMaterial;
  let given: { order: InfusionOrder; serial: string };

  beforeAll(async () => {
    const started = await startClinicalLab('clinical-workflow');
    lab = started.lab;
    material = pocMaterial(started.stateDir);
  });

  afterAll(() => lab?.close());

  it('seeds the ward through the point-of-care: each seeded infusion is an EHR order in progress', () => {
    const accepted = lab.infusions.filter((infusion) => infusion.outcome === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const infusion of accepted)
      expect(lab.ehr.orders({ mrn: infusion.mrn })[0]?.status).toBe('in-progress');
  });

  it('admits a patient, scans at the point-of-care, gets RRG^O16 AA, and the pump runs at the ordered rate', async () => {
    given = orderAndPump(lab, (order, careArea) => onLibrary(careArea, order.drugId));
    const { order, serial } = given;
    // Re-admission over the EHR REST API: ADT^A03 then ADT^A01 to the pump server.
    expect((await ehrRequest(lab, material, 'POST', `/api/v1/patients/${order.mrn}/discharge`)).status).toBe(
      200,
    );
    expect((await ehrRequest(lab, material, 'POST', `/api/v1/patients/${order.mrn}/admit`)).status).toBe(200);
    expect(lab.pumpServer.hl7?.patients.get(order.mrn)).toBeDefined();

    const session = scanned(lab, order, serial);
    expect((await session.verify()).ok).toBe(true);
    const outcome = await session.send();
    expect(outcome).toMatchObject({ status: 'accepted', ackCode: 'AA', reasons: [] });
    await session.confirm();
    const infusion = await waitFor(() => {
      const record = lab.pumpServer.store.events.infusion(order.orderId);
      return record?.state === 'infusing' ? record : undefined;
    }, 'the ordered infusion running');
    expect(infusion.rate).toBeCloseTo(orderedRate(order, lab.ehr.patient(order.mrn).weightKg), 1);
    expect(infusion.patientId).toBe(order.mrn);
    expect(lab.ehr.orders({ mrn: order.mrn })[0]?.status).toBe('in-progress');
  });

  it('charts the volume the pump delivered, as the pump server stored it at the same observation time', async () => {
    const { order, serial } = given;
    const observation = await waitFor(async () => {
      const chart = await chartOf(lab, material, order.mrn);
      const charted = chart.observations.filter(
        (o) => o.infusionId === order.orderId && (o.volumeDeliveredMl ?? 0) > 0.5,
      );
      return charted.at(-1);
    }, 'half a millilitre charted');
    const statuses = lab.pumpServer.store.events.messages({ serial, type: 'status', limit: 1000 }).items;
    // OBX-14 carries the status's time to the second (pcd01-reporter.ts).
    const stored = statuses.find(
      (m) => Math.floor(Date.parse(m.sentAt) / 1000) * 1000 === Date.parse(observation.at),
    );
    const reported = stored?.payload && 'infusion' in stored.payload ? stored.payload.infusion : undefined;
    expect(observation.volumeDeliveredMl).toBeCloseTo(reported?.volumeInfused ?? -1, 2);
  });

  it('charts an occlusion raised on the pump as a PCD-04 alarm', async () => {
    const { order, serial } = given;
    lab.fleet.pump(serial)?.raiseAlarm('occlusion');
    const alarm = await waitFor(async () => {
      const chart = await chartOf(lab, material, order.mrn);
      return chart.alarms.find((a) => a.alarm === 'occlusion' && a.phase === 'start');
    }, 'the occlusion charted');
    expect(alarm).toMatchObject({ pumpId: serial, state: 'active' });
  });

  it('refuses an off-library order with RRG^O16 AR and ERR 9010, and leaves the pump untouched', async () => {
    const { order, serial } = orderAndPump(
      lab,
      (o, careArea) => !onLibrary(careArea, o.drugId) && o.dose.kind === 'rate',
    );
    const session = scanned(lab, order, serial);
    expect((await session.verify()).ok).toBe(true);
    const outcome = await session.send();
    expect(outcome.status).toBe('refused');
    expect(['AE', 'AR']).toContain(outcome.ackCode);
    expect(outcome.reasons[0]).toMatchObject({ hl7Code: '207', pivCode: '9010' });
    expect(lab.pumpServer.inventory.get(serial)?.state).toBe('standby');
    expect(lab.pumpServer.store.events.count({ serial, type: 'infusion-programmed' })).toBe(0);
  });
});
