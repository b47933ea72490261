import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAck } from '../../../../simulators/hl7/message/ack-reader.ts';
import {
  parsePcd01,
  type Pcd01Observation,
} from '../../../../simulators/hl7/pcd/pcd01-device-observation.ts';
import { parsePcd04 } from '../../../../simulators/hl7/pcd/pcd04-alarm.ts';
import { parseRrgO16 } from '../../../../simulators/hl7/pcd/rrg-o16.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { adt, propofol, rgv, startHl7ServerLab, type Hl7ServerLab } from './hl7-server-lab.ts';

/** A running infusion on PL00001 for MRN000201, and the stand-in EHR receiving what the server reports. */
describe('the pump server reporting PCD-01 observations and PCD-04 alerts to the EHR', () => {
  let lab: Hl7ServerLab;

  const observationsOf = (serial: string): Pcd01Observation[] =>
    lab.ehr
      .of('ORU^R01')
      .map(parsePcd01)
      .filter((observation) => observation.pump.id === serial);
  const alertsOf = (serial: string) =>
    lab.ehr
      .of('ORU^R40')
      .map(parsePcd04)
      .filter((alert) => alert.pump?.id === serial);

  beforeAll(async () => {
    lab = await startHl7ServerLab({ observationIntervalMs: 60_000 });
    for (const [mrn, weightKg] of [['MRN000201', 70] as const, ['MRN000202', 90] as const]) {
      expect(readAck(await lab.adtLink.send(adt(lab, 'A01', { mrn, unit: 'ICU', weightKg }))).code).toBe(
        'CA',
      );
    }
    for (const [mrn, pumpId, placerId, weightKg] of [
      ['MRN000201', 'PL00001', 'ORD-101', 70],
      ['MRN000202', 'PL00004', 'ORD-104', 90],
    ] as const) {
      const rrg = parseRrgO16(
        await lab.orderLink.send(rgv(lab, { mrn, pumpId, weightKg, order: propofol(placerId, 25) })),
      );
      expect(rrg.ackCode).toBe('AA');
      expect(await lab.server.hl7!.orders.confirmStart(placerId)).toMatchObject({ started: true });
    }
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('sends PCD-01 with the patient’s PID, and volume delivered rises as the pump infuses', async () => {
    const reports = await waitFor(() => {
      const infusing = observationsOf('PL00001').filter((o) => o.state === 'infusing');
      return infusing.length >= 4 ? infusing : undefined;
    }, 'four PCD-01 of the infusing pump');
    for (const report of reports) {
      expect(report.patient?.mrn).toBe('MRN000201');
      expect(report.location).toMatchObject({ unit: 'ICU' });
      expect(report.placerOrderNumber).toBe('ORD-101');
      // 25 mcg/kg/min × 70 kg at 10 mg/mL: 10.5 mL/h.
      expect(report.programmedRate).toBeCloseTo(10.5, 4);
    }
    const volumes = reports.map((report) => report.volumeDelivered ?? -1);
    for (let i = 1; i < volumes.length; i += 1) expect(volumes[i]).toBeGreaterThanOrEqual(volumes[i - 1]!);
    expect(volumes.at(-1)!).toBeGreaterThan(volumes[0]!);
    // Each report charts exactly what the pump reported in the status it was built from (OBX-14
    // carries that status's time, to the second).
    const last = reports.at(-1)!;
    const status = lab.server.store.events
      .messages({ serial: 'PL00001', type: 'status', limit: 1000 })
      .items.find((message) => Math.floor(Date.parse(message.sentAt) / 1000) * 1000 === last.observedAt?.ms);
    const reported = status?.payload && 'infusion' in status.payload ? status.payload.infusion : undefined;
    expect(last.volumeDelivered).toBeCloseTo(reported?.volumeInfused ?? -1, 4);
    // The programmed state was charted too, before the start: a state change.
    expect(observationsOf('PL00001').some((o) => o.state === 'programming')).toBe(true);
  });

  it('repeats PCD-01 about once a minute of lab time while nothing changes', async () => {
    const infusing = observationsOf('PL00001').filter((o) => o.state === 'infusing');
    const gaps = infusing
      .slice(1)
      .map((o, i) => (o.observedAt?.ms ?? 0) - (infusing[i]?.observedAt?.ms ?? 0));
    // Within the pump's 10 s status interval of the 60 s period.
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(60_000);
    for (const gap of gaps.slice(1)) expect(gap).toBeLessThanOrEqual(70_000);
  });

  it('sends no PCD-01 for pumps no patient is associated with', () => {
    expect(observationsOf('PL00002')).toEqual([]);
    expect(observationsOf('PL00003')).toEqual([]);
  });

  it('reports an occlusion raised on the pump as PCD-04, start and end with one alert id', async () => {
    lab.fleet.pump('PL00001')!.raiseAlarm('occlusion');
    const start = await waitFor(
      () => alertsOf('PL00001').find((a) => a.alarm === 'occlusion' && a.phase === 'start'),
      'the occlusion alert',
    );
    expect(start).toMatchObject({ state: 'active', priority: 'PH', patient: { mrn: 'MRN000201' } });
    lab.fleet.pump('PL00001')!.clearAlarm('occlusion');
    const end = await waitFor(
      () => alertsOf('PL00001').find((a) => a.alarm === 'occlusion' && a.phase === 'end'),
      'the occlusion cleared',
    );
    expect(end).toMatchObject({ state: 'inactive', alertId: start.alertId });
    // An occlusion leaves the pump paused (IEC 60601-2-24): the nurse resumes it.
    expect(await lab.server.commands.send('PL00001', { kind: 'resume' })).toMatchObject({
      outcome: 'accepted',
    });
  });

  it('raises communication-lost itself when a pump drops off the network, and ends it when it is back', async () => {
    lab.fleet.link('PL00004')!.dropConnection();
    const lost = await waitFor(
      () => alertsOf('PL00004').find((a) => a.alarm === 'communication-lost' && a.phase === 'start'),
      'the communication-lost alert',
    );
    expect(lost.patient?.mrn).toBe('MRN000202');
    await waitFor(
      () => alertsOf('PL00004').find((a) => a.alarm === 'communication-lost' && a.phase === 'end'),
      'communication restored',
    );
  });

  it('keeps PCD-01 while the EHR is down and delivers every one, in order, once it is back', async () => {
    const outbox = lab.server.hl7!.outbox;
    await lab.ehr.down();
    const downAt = lab.clock.now();
    await waitFor(() => outbox.counts().pending >= 6 || undefined, 'reports piling up in the outbox');
    const upAt = lab.clock.now();
    await lab.ehr.up();
    await waitFor(() => outbox.counts().pending === 0, 'the outbox drained');
    const during = observationsOf('PL00001').filter(
      (o) => o.observedAt !== undefined && o.observedAt.ms >= downAt && o.observedAt.ms <= upAt,
    );
    // One report per 60 s of lab time at most 10 s late: none of the downtime is missing.
    expect(during.length).toBeGreaterThanOrEqual(Math.floor((upAt - downAt) / 70_000));
    const times = observationsOf('PL00001').map((o) => o.observedAt?.ms ?? 0);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(outbox.counts().refused).toBe(0);
  });
});
