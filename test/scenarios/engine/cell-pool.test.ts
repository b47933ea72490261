import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellPool } from '../../../lab/scenario-lab/cell-pool.ts';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import { scenarioById } from '../../../scenarios/catalog/catalog.ts';
import { readPosture } from '../../../scenarios/controls/posture.ts';
import { runCellsInProcess } from '../../../scenarios/engine/run-cell.ts';
import { comparable } from './outcome-comparison.ts';

const seed = 'pool-test';

/** When a run was going, in real ms since the epoch. */
const span = (outcome: { timing: { startedAt: string; realMs: number } }) => {
  const start = Date.parse(outcome.timing.startedAt);
  return { start, end: start + outcome.timing.realMs };
};

describe('the cell pool', () => {
  let pool: CellPool;

  beforeAll(() => {
    pool = CellPool.start({ workers: 2 });
  });

  afterAll(() => pool?.close());

  it('runs two cells at once in two workers, with the outcomes an in-process run gives', async () => {
    const cells = [
      ['telemetry-harvest', 'sp1800-8'],
      ['default-credentials-console', 'sp1800-8'],
    ] as const;
    const pooled = await Promise.all(
      cells.map(([scenario, posture]) => pool.runCell(scenario, readPosture(posture), seed)),
    );
    const [first, second] = pooled.map(span);
    expect(first!.start < second!.end && second!.start < first!.end).toBe(true);

    const inProcess = runCellsInProcess(scenarioById, launchEmbeddedLab);
    for (const [i, [scenario, posture]] of cells.entries()) {
      const local = await inProcess(scenario, readPosture(posture), seed);
      expect(comparable(pooled[i]!)).toEqual(comparable(local));
    }
    // Each worker and this process first issue the lab PKI a scenario lab copies (seconds each).
  }, 180_000);

  it('runs a posture given as data, as an ablation posture is', async () => {
    const outcome = await pool.runCell(
      'telemetry-harvest',
      { name: 'sp1800-8-minus-segmentation', controls: ['monitoring'] },
      seed,
    );
    expect(outcome).toMatchObject({ posture: 'sp1800-8-minus-segmentation', controls: ['monitoring'] });
  });

  it('fails the cell of a worker that dies with a clear error, and replaces the worker', async () => {
    const before = pool.pids();
    const running = pool.runCell('tampered-library-media', readPosture('flat-2015'), seed);
    // Both workers are idle, so the first one holds the cell from the moment it is handed over.
    const victim = before[0]!;
    process.kill(victim, 'SIGKILL');
    await expect(running).rejects.toThrow(
      /Worker \d exited \(SIGKILL\) while running cell tampered-library-media under flat-2015/,
    );
    expect(pool.pids()).not.toContain(victim);
    expect(pool.pids()).toHaveLength(2);
    const after = await pool.runCell('telemetry-harvest', readPosture('sp1800-8'), seed);
    expect(after.result).toBe('blocked');
  });

  it('refuses cells once closed', async () => {
    const closing = CellPool.start({ workers: 1 });
    await closing.close();
    await expect(closing.runCell('telemetry-harvest', readPosture('sp1800-8'), seed)).rejects.toThrow(
      /closed/,
    );
  });
});
