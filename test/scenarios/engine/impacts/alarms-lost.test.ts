import { describe, expect, it } from 'vitest';
import { alarmDeliveryAllowanceMs, alarmsLost } from '../../../../scenarios/engine/impacts/alarms-lost.ts';
import type { ChartView } from '../../../../scenarios/engine/lab-under-test.ts';
import { minute, pump, runRecord, t0 } from '../run-record-fixture.ts';

const raisedAt = (...ats: number[]) => ats.map((at) => ({ at, code: 'occlusion' }));
const chart = (...ats: number[]): ChartView => ({
  observations: [],
  alarms: ats.map((at, i) => ({ at, serial: 'PL00001', code: 'occlusion', controlId: `C${i}` })),
});
const attack = { start: t0 + minute, end: t0 + 10 * minute };

describe('alarms-lost', () => {
  it('counts alarms raised in the attack window that reached no chart, and those that reached it late', () => {
    const record = runRecord({
      attack,
      after: {
        pumps: [pump({ alarmsRaised: raisedAt(t0 + 2 * minute, t0 + 3 * minute, t0 + 4 * minute) })],
        // One charted at once, one only after the attack, one never.
        charts: new Map([['MRN00001', chart(t0 + 2 * minute + 800, t0 + 15 * minute)]]),
      },
    });
    const finding = alarmsLost(record);
    expect(finding).toMatchObject({ observed: true, figures: { raised: 3, lost: 2, late: 1, pumps: 1 } });
    expect(finding.clinical).toBe(
      '2 of 3 alarms never reached the EHR while the attack ran (1 reached it later).',
    );
  });

  it('gives an alarm raised at the end of the window the delivery allowance', () => {
    const raised = attack.end - 1_000;
    const record = runRecord({
      attack,
      after: {
        pumps: [pump({ alarmsRaised: raisedAt(raised) })],
        charts: new Map([['MRN00001', chart(raised + alarmDeliveryAllowanceMs / 2)]]),
      },
    });
    expect(alarmsLost(record)).toMatchObject({ observed: false, figures: { raised: 1, lost: 0 } });
  });

  it('ignores alarms raised outside the attack window, and a chart entry of another pump or code', () => {
    const record = runRecord({
      attack,
      after: {
        pumps: [pump({ alarmsRaised: [...raisedAt(t0), { at: t0 + 2 * minute, code: 'air-in-line' }] })],
        charts: new Map([['MRN00001', chart(t0 + 2 * minute + 500)]]),
      },
    });
    expect(alarmsLost(record).figures).toMatchObject({ raised: 1, lost: 1 });
  });

  it('is not observed when no alarm was raised', () => {
    expect(alarmsLost(runRecord({ attack }))).toMatchObject({ observed: false, figures: { raised: 0 } });
  });
});
