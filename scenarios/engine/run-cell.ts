import type { Scenario } from '../catalog/scenario-schema.ts';
import type { LabLauncher } from './lab-under-test.ts';
import type { Outcome } from './outcome.ts';
import { runScenario, type PostureRef, type RunOptions } from './run-scenario.ts';

/**
 * Runs one cell of a matrix: one scenario, by id, under one posture, with one seed. Injected, so the
 * same matrix runs in worker processes (lab/scenario-lab/cell-pool.ts) or in this process.
 */
export type RunCell = (scenarioId: string, posture: PostureRef, seed: string) => Promise<Outcome>;

/** The key of a cell: two postures with the same controls make the same lab, hence the same run. */
export const cellKey = (scenarioId: string, posture: PostureRef, seed: string): string =>
  JSON.stringify([scenarioId, [...posture.controls].sort(), seed]);

/**
 * Wraps `runCell` so an identical (scenario, control set, seed) cell runs once: the matrix's
 * sp1800-8 column is the ablation's baseline. A reused outcome carries the posture name it was
 * asked under.
 *
 * @example const runCell = reuseIdenticalCells(pool.runCell); await runMatrix(s, p, seed, runCell); await runAblation(s, base, seed, runCell);
 */
export function reuseIdenticalCells(runCell: RunCell): RunCell {
  const runs = new Map<string, Promise<Outcome>>();
  return async (scenarioId, posture, seed) => {
    const key = cellKey(scenarioId, posture, seed);
    let run = runs.get(key);
    if (!run) {
      run = runCell(scenarioId, posture, seed);
      runs.set(key, run);
      // A failed run is not kept: asked again, it runs again.
      run.catch(() => runs.delete(key));
    }
    const outcome = await run;
    return outcome.posture === posture.name ? outcome : { ...outcome, posture: posture.name };
  };
}

/** Runs `task`s at most `limit` at a time. */
function limited(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs cells in this process, `concurrency` labs at a time (default one): for tests and for a
 * single run from the CLI. Scenarios are found by id with `findScenario`.
 *
 * @example const runCell = runCellsInProcess(scenarioById, launchEmbeddedLab);
 */
export function runCellsInProcess(
  findScenario: (id: string) => Scenario,
  launcher: LabLauncher,
  options: RunOptions & { concurrency?: number } = {},
): RunCell {
  const slot = limited(Math.max(1, options.concurrency ?? 1));
  return (scenarioId, posture, seed) =>
    slot(() => runScenario(findScenario(scenarioId), posture, seed, launcher, {}, options));
}
