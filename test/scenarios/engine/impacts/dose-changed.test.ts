import { describe, expect, it } from 'vitest';
import { doseChanged } from '../../../../scenarios/engine/impacts/dose-changed.ts';
import { minute, pump, runRecord, t0 } from '../run-record-fixture.ts';

/** Volume a pump delivers at `rate` mL/h over `ms`. */
const ml = (rate: number, ms: number): number => (rate * ms) / 3_600_000;

describe('dose-changed', () => {
  it('is not observed while the pump runs the ordered rate at every view', () => {
    const finding = doseChanged(
      runRecord({
        samples: [{ at: t0 + 5 * minute, pumps: [pump({ volumeInfused: ml(5, 5 * minute) })] }],
        after: { pumps: [pump({ volumeInfused: ml(5, 20 * minute) })] },
      }),
    );
    expect(finding).toMatchObject({
      kind: 'dose-changed',
      observed: false,
      figures: { infusions: 1, changed: 0 },
    });
  });

  it('reports the new rate from the first sample that shows it, for how long, and the volume over the order', () => {
    // Ordered 5 mL/h; from minute 8 (between the samples at 6 and 9) the pump runs 50 mL/h until minute 20.
    const at6 = ml(5, 6 * minute);
    const at8 = ml(5, 8 * minute);
    const finding = doseChanged(
      runRecord({
        samples: [
          { at: t0 + 6 * minute, pumps: [pump({ volumeInfused: at6 })] },
          { at: t0 + 9 * minute, pumps: [pump({ rate: 50, volumeInfused: at8 + ml(50, minute) })] },
        ],
        after: { pumps: [pump({ rate: 50, volumeInfused: at8 + ml(50, 12 * minute) })] },
      }),
    );
    // 12 minutes at 45 mL/h over the order: 9 mL, whatever minute between the samples it changed.
    expect(finding.observed).toBe(true);
    expect(finding.figures).toEqual({ infusions: 1, changed: 1, minutes: 11, mlOverOrder: 9 });
    expect(finding.clinical).toContain(
      'pump PL00001: rate changed from 5 to 50 mL/h for 11 min, 9 mL over the order',
    );
  });

  it('counts a running infusion that was stopped as delivered under the order', () => {
    const finding = doseChanged(
      runRecord({
        samples: [
          { at: t0 + 10 * minute, pumps: [pump({ state: 'complete', volumeInfused: ml(6, 10 * minute) })] },
        ],
        after: { pumps: [pump({ state: 'complete', volumeInfused: ml(6, 10 * minute) })] },
      }),
    );
    expect(finding.observed).toBe(true);
    expect(finding.clinical).toContain('the infusion at 5 mL/h was stopped for 10 min');
    expect(finding.figures['mlOverOrder']).toBeLessThan(0);
  });

  it('does not count an alarm at the bedside or reaching the VTBI (kvo) as a dose change', () => {
    const finding = doseChanged(
      runRecord({
        samples: [{ at: t0 + 5 * minute, pumps: [pump({ state: 'alarm' })] }],
        after: { pumps: [pump({ state: 'kvo' })] },
      }),
    );
    expect(finding.observed).toBe(false);
  });

  it('rounds figures so two runs a few lab seconds apart report alike', () => {
    const run = (offsetMs: number) =>
      doseChanged(
        runRecord({
          samples: [
            {
              at: t0 + 5 * minute + offsetMs,
              pumps: [pump({ rate: 15, volumeInfused: ml(15, 5 * minute) })],
            },
          ],
          after: { pumps: [pump({ rate: 15, volumeInfused: ml(15, 20 * minute + offsetMs) })] },
        }),
      );
    expect(run(0).figures).toEqual(run(2_000).figures);
  });
});
