import { z } from 'zod';

/**
 * How a rollout's pumps are split into waves: cumulative fractions of the fleet (0.1 then 0.5 then
 * all, the canary habit), or explicit wave sizes (any pumps left over form one last wave).
 */
export const waveSpecSchema = z.union([
  z
    .object({ fractions: z.array(z.number().gt(0).max(1)).min(1).max(20) })
    .strict()
    .refine((spec) => spec.fractions.every((f, i) => i === 0 || f > (spec.fractions[i - 1] ?? 0)), {
      message: 'fractions must rise',
    })
    .refine((spec) => spec.fractions[spec.fractions.length - 1] === 1, {
      message: 'the last fraction must be 1',
    }),
  z.object({ sizes: z.array(z.number().int().positive()).min(1).max(100) }).strict(),
]);
/** Wave sizes as cumulative fractions or explicit counts. */
export type WaveSpec = z.infer<typeof waveSpecSchema>;

/** The lab's default: a 10% canary, then half the fleet, then the rest. */
export const defaultWaves: WaveSpec = { fractions: [0.1, 0.5, 1] };

/**
 * Splits `serials` (in the given order) into waves; no wave is empty.
 * @example planWaves(['A','B','C','D'], { fractions: [0.25, 1] }) // [['A'], ['B','C','D']]
 */
export function planWaves(serials: string[], spec: WaveSpec): string[][] {
  const bounds =
    'fractions' in spec
      ? spec.fractions.map((fraction) => Math.ceil(fraction * serials.length))
      : cumulative(spec.sizes, serials.length);
  const waves: string[][] = [];
  let start = 0;
  for (const end of bounds) {
    const bounded = Math.min(end, serials.length);
    if (bounded > start) waves.push(serials.slice(start, bounded));
    start = Math.max(start, bounded);
  }
  if (start < serials.length) waves.push(serials.slice(start));
  return waves;
}

function cumulative(sizes: number[], total: number): number[] {
  let sum = 0;
  return [...sizes.map((size) => (sum += size)), total];
}
