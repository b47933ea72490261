import { describe, expect, it } from 'vitest';
import { chartForged } from '../../../../scenarios/engine/impacts/chart-forged.ts';
import { runRecord, t0 } from '../run-record-fixture.ts';

const observation = (controlId: string) => ({ at: t0, serial: 'PL00001', rate: 5, controlId });

describe('chart-forged', () => {
  it('counts chart entries whose control id the pump server never sent, and the charts they are on', () => {
    const record = runRecord({
      after: {
        sentToEhr: ['PS-1', 'PS-2'],
        charts: new Map([
          ['MRN00001', { observations: [observation('PS-1'), observation('X-9')], alarms: [] }],
          [
            'MRN00002',
            {
              observations: [observation('PS-2')],
              alarms: [{ at: t0, serial: 'PL00002', code: 'occlusion', controlId: 'X-10' }],
            },
          ],
        ]),
      },
    });
    const finding = chartForged(record);
    expect(finding).toMatchObject({ observed: true, figures: { entries: 2, patients: 2 } });
    expect(finding.clinical).toBe("2 chart entries the pump server never sent, on 2 patients' charts.");
  });

  it('is not observed when every entry came from the pump server', () => {
    const record = runRecord({
      after: {
        sentToEhr: ['PS-1'],
        charts: new Map([['MRN00001', { observations: [observation('PS-1')], alarms: [] }]]),
      },
    });
    expect(chartForged(record).observed).toBe(false);
  });
});
