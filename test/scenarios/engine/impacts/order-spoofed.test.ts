import { describe, expect, it } from 'vitest';
import { orderSpoofed } from '../../../../scenarios/engine/impacts/order-spoofed.ts';
import { minute, pump, runRecord, t0 } from '../run-record-fixture.ts';

describe('order-spoofed', () => {
  it('finds a pump seen running a program whose id is no order of the EHR', () => {
    const record = runRecord({
      samples: [{ at: t0 + 3 * minute, pumps: [pump({ infusionId: 'ATK-7f3a' })] }],
      after: { pumps: [pump({ state: 'complete', infusionId: 'ATK-7f3a' })] },
    });
    const finding = orderSpoofed(record);
    expect(finding).toMatchObject({ observed: true, figures: { pumps: 1, programs: 1 } });
    expect(finding.clinical).toBe('1 pump ran a program for an order the EHR never placed (pump PL00001).');
  });

  it('is not observed for programs of EHR orders, or for a program the pump already held at the start', () => {
    const record = runRecord({
      before: { pumps: [pump(), pump({ serial: 'PL00002', infusionId: 'LEGACY-1' })] },
      after: { pumps: [pump(), pump({ serial: 'PL00002', infusionId: 'LEGACY-1' })] },
    });
    expect(orderSpoofed(record).observed).toBe(false);
  });
});
