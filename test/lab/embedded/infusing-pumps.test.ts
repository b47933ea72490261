import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.ts';
import { planFleet } from '../../../simulators/fleet/fleet-plan.ts';
import { chooseInfusingPumps } from '../../../lab/embedded/infusing-pumps.ts';

const ward = (count: number, seed = 'ward-test') =>
  chooseInfusingPumps(planFleet({ count, random: seededRandom(seed) }), seededRandom(seed).fork('ward'));

describe('the pumps the embedded lab starts infusing', () => {
  it.each([
    [1, 1],
    [6, 2],
    [12, 4],
    [100, 34],
  ])('chooses one pump in three: %i pumps, %i infusing', (pumps, infusing) => {
    const chosen = ward(pumps);
    expect(chosen).toHaveLength(infusing);
    expect(new Set(chosen.map((pump) => pump.serial)).size).toBe(infusing);
  });

  it('chooses the same pumps from the same seed, and others from another seed', () => {
    expect(ward(30)).toEqual(ward(30));
    expect(ward(30, 'other-seed')).not.toEqual(ward(30));
  });
});
