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

  it('gives every firmware version of the ward a patient before any version a second one', () => {
    const plan = planFleet({
      count: 9,
      random: seededRandom('mix'),
      firmwareMix: { '2.4.0': 1, '3.1.0': 1, '4.2.1': 1 },
    });
    const chosen = chooseInfusingPumps(plan, seededRandom('mix').fork('ward'), 3);
    expect(chosen.map((pump) => pump.firmware).sort()).toEqual(['2.4.0', '3.1.0', '4.2.1']);
  });

  it('chooses the same pumps from the same seed, and others from another seed', () => {
    expect(ward(30)).toEqual(ward(30));
    expect(ward(30, 'other-seed')).not.toEqual(ward(30));
  });
});
