import { describe, expect, it } from 'vitest';
import type { ControlId } from '../../../scenarios/controls/controls.ts';
import { readPosture } from '../../../scenarios/controls/posture.ts';
import { ablationOf } from '../../../scenarios/controls/posture-ablation.ts';
import { account, firstBarrier, observedImpacts, runUnder } from './expected-run.ts';

/**
 * A selection of the ablation of sp1800-8: the full posture without one control. Where that control
 * was the only thing standing the attack now succeeds; where others stand in depth, the next one in
 * line blocks it, or the product itself does.
 */
const base = readPosture('sp1800-8');
const without = (control: ControlId) => {
  const posture = ablationOf(base).find((candidate) => !candidate.controls.includes(control));
  if (!posture) throw new Error(`sp1800-8 has no control ${control}`);
  return posture;
};

describe('the ablation of sp1800-8, cell by cell', () => {
  it('rogue-pump-server without mutual-tls succeeds: mutual TLS was the only thing standing', async () => {
    const outcome = await runUnder('rogue-pump-server', without('mutual-tls'));
    expect(outcome.result, account(outcome)).toBe('succeeded');
    expect(observedImpacts(outcome)).toContain('chart-forged');
  });

  it('telemetry-harvest without segmentation is still blocked, by mutual TLS at the broker', async () => {
    const outcome = await runUnder('telemetry-harvest', without('segmentation'));
    expect(outcome.result, account(outcome)).toBe('blocked');
    expect(firstBarrier(outcome), account(outcome)).toBe('mutual-tls');
  });

  it('default-credentials-console without patched firmware is blocked by device admission', async () => {
    const outcome = await runUnder('default-credentials-console', without('patched-firmware'));
    expect(outcome.result, account(outcome)).toBe('blocked');
    expect(firstBarrier(outcome), account(outcome)).toBe('device-admission');
  });

  it('tampered-library-media without signed libraries is blocked by the patched firmware itself', async () => {
    const outcome = await runUnder('tampered-library-media', without('signed-libraries'));
    expect(outcome.result, account(outcome)).toBe('blocked');
    expect(outcome.blockedBy[0], account(outcome)).toMatchObject({
      kind: 'built-in',
      what: expect.stringContaining('checks library signatures itself'),
    });
  });
});
